import { sql, type SQL } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'

/**
 * The persisted shape of the service. Column names are snake_case in SQL and
 * camelCase in TypeScript. After changing this file run `npm run db:generate`
 * and commit the new folder under `drizzle/` (one set of migrations serves PGlite
 * and PostgreSQL, so keep to PostgreSQL 15 features).
 */

export const TICKET_CHANNELS = ['web', 'hotline'] as const
export const TICKET_STATUSES = ['open', 'transferred', 'closed'] as const
export const TICKET_EVENT_KINDS = ['created', 'routed', 'overridden', 'rerouted', 'transferred', 'closed'] as const
export const CHAT_ROLES = ['citizen', 'assistant'] as const
export const ROUTING_LOG_SOURCES = ['api', 'chat', 'ticket'] as const
export const ROUTING_LOG_KINDS = ['routed', 'needs_clarification', 'out_of_scope'] as const

export type TicketChannel = (typeof TICKET_CHANNELS)[number]
export type TicketStatus = (typeof TICKET_STATUSES)[number]
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number]
export type ChatRole = (typeof CHAT_ROLES)[number]
export type RoutingLogSource = (typeof ROUTING_LOG_SOURCES)[number]
export type RoutingLogKind = (typeof ROUTING_LOG_KINDS)[number]

/** A JSON object as stored in a jsonb column; its shape belongs to the caller. */
export type JsonObject = { [key: string]: unknown }

/** `column in ('a', 'b')` as SQL, so a CHECK constraint mirrors a TypeScript union. */
const oneOf = (column: AnyPgColumn, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(', '))})`

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()

export const chatSessions = pgTable('chat_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Accumulated conversation state; opaque to the database layer. */
  state: jsonb('state').$type<JsonObject>().notNull().default({}),
  /** The ticket filed from this conversation, if any (set by createTicket). */
  ticketId: uuid('ticket_id').references((): AnyPgColumn => tickets.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Readable, unique: `YYYYMMDD-NNNN`, e.g. `20261126-0007`. */
    number: text('number').notNull().unique(),
    /** Random code the citizen shows to look the ticket up. */
    accessCode: text('access_code').notNull(),
    channel: text('channel').$type<TicketChannel>().notNull(),
    complaint: text('complaint').notNull(),
    callerName: text('caller_name'),
    callerPhone: text('caller_phone'),
    status: text('status').$type<TicketStatus>().notNull(),
    /** The department the ticket is with now, e.g. `quality`, `commerce`. */
    departmentId: text('department_id'),
    /** Knowledge id of the matter it rests on, e.g. `boundary-03`, `duty-06`. */
    matterId: text('matter_id'),
    /** What the router suggested, kept even when an operator chose otherwise. */
    suggestedDepartmentId: text('suggested_department_id'),
    overridden: boolean('overridden').notNull().default(false),
    /** The routing decision the ticket was filed with. */
    decision: jsonb('decision').$type<JsonObject>().notNull(),
    knowledgeVersion: text('knowledge_version').notNull(),
    sessionId: uuid('session_id').references((): AnyPgColumn => chatSessions.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key').unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('tickets_status_idx').on(table.status),
    index('tickets_department_id_idx').on(table.departmentId),
    index('tickets_created_at_idx').on(table.createdAt),
    check('tickets_channel_check', oneOf(table.channel, TICKET_CHANNELS)),
    check('tickets_status_check', oneOf(table.status, TICKET_STATUSES)),
  ],
)

/**
 * Audit trail of a ticket; order by `id`. Append-only: a trigger (migration
 * 0001) rejects UPDATE and DELETE, so tickets with events cannot be deleted either.
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    actor: text('actor').notNull(),
    kind: text('kind').$type<TicketEventKind>().notNull(),
    fromDepartmentId: text('from_department_id'),
    toDepartmentId: text('to_department_id'),
    fromStatus: text('from_status').$type<TicketStatus>(),
    toStatus: text('to_status').$type<TicketStatus>(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (table) => [
    index('ticket_events_ticket_id_idx').on(table.ticketId),
    check('ticket_events_kind_check', oneOf(table.kind, TICKET_EVENT_KINDS)),
  ],
)

/** The last ticket number handed out per day (`YYYYMMDD`), shared by every instance. */
export const ticketCounters = pgTable('ticket_counters', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
})

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    role: text('role').$type<ChatRole>().notNull(),
    text: text('text').notNull(),
    decision: jsonb('decision').$type<JsonObject>(),
    createdAt: createdAt(),
  },
  (table) => [
    index('chat_messages_session_id_idx').on(table.sessionId),
    check('chat_messages_role_check', oneOf(table.role, CHAT_ROLES)),
  ],
)

/** One row per routing run, for statistics. Never holds a caller's phone number. */
export const routingLogs = pgTable(
  'routing_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').$type<RoutingLogSource>().notNull(),
    kind: text('kind').$type<RoutingLogKind>().notNull(),
    departmentId: text('department_id'),
    firedRules: jsonb('fired_rules').$type<string[]>().notNull().default([]),
    citations: jsonb('citations').$type<unknown[]>().notNull().default([]),
    decision: jsonb('decision').$type<JsonObject>().notNull(),
    knowledgeVersion: text('knowledge_version').notNull(),
    latencyMs: doublePrecision('latency_ms').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('routing_logs_created_at_idx').on(table.createdAt),
    check('routing_logs_source_check', oneOf(table.source, ROUTING_LOG_SOURCES)),
    check('routing_logs_kind_check', oneOf(table.kind, ROUTING_LOG_KINDS)),
  ],
)

export type Ticket = typeof tickets.$inferSelect
export type TicketEvent = typeof ticketEvents.$inferSelect
export type ChatSession = typeof chatSessions.$inferSelect
export type ChatMessage = typeof chatMessages.$inferSelect
export type RoutingLog = typeof routingLogs.$inferSelect
