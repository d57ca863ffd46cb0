import { z } from 'zod'
import {
  ROUTING_LOG_KINDS,
  ROUTING_LOG_SOURCES,
  TICKET_CHANNELS,
  TICKET_EVENT_KINDS,
  TICKET_STATUSES,
  type Ticket,
  type TicketEvent,
} from '../db/schema.ts'

/** Inputs of the ticket verbs. Each verb parses its input with one of these first. */

const Id = z.string().trim().min(1).max(100)
const Text = (max: number) => z.string().trim().min(1).max(max)
/** A JSON object (the shape is the caller's, e.g. a RoutingDecision). */
const JsonObject = z.record(z.string(), z.unknown())

export const TicketChannel = z.enum(TICKET_CHANNELS)
export type TicketChannel = z.infer<typeof TicketChannel>
export const TicketStatus = z.enum(TICKET_STATUSES)
export type TicketStatus = z.infer<typeof TicketStatus>
export const TicketEventKind = z.enum(TICKET_EVENT_KINDS)
export type TicketEventKind = z.infer<typeof TicketEventKind>

/** `YYYYMMDD`, the day part of a ticket number. */
export const TicketDay = z.string().regex(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'a day is YYYYMMDD')
/** `YYYYMMDD-NNNN`, e.g. `20261126-0007`. */
export const TicketNumber = z.string().trim().regex(/^\d{8}-\d{4,}$/, 'a ticket number is YYYYMMDD-NNNN')

export const CreateTicketInput = z.strictObject({
  channel: TicketChannel,
  complaint: Text(10_000),
  callerName: Text(100).nullish(),
  callerPhone: Text(40).nullish(),
  /** The department the ticket goes to (the router's or the operator's choice). */
  departmentId: Id.nullish(),
  matterId: Id.nullish(),
  /** What the router suggested; differs from `departmentId` when `overridden`. */
  suggestedDepartmentId: Id.nullish(),
  /** The operator chose `departmentId` over the suggestion: adds an `overridden` event (with `reason`) after `created`. */
  overridden: z.boolean().default(false),
  decision: JsonObject,
  knowledgeVersion: Text(200),
  sessionId: z.uuid().nullish(),
  /** A retry with the same key returns the first ticket instead of filing a second. */
  idempotencyKey: Text(200).nullish(),
  /** Who files it, for the `created` event, e.g. `citizen`, `operator:wang`. */
  actor: Text(200),
  reason: Text(2_000).nullish(),
  /** Day of the ticket number, `YYYYMMDD`; default: today in China time from `ctx.now()`. */
  day: TicketDay.optional(),
})
export type CreateTicketInput = z.input<typeof CreateTicketInput>
/** {@link CreateTicketInput} without the decision, which createTicket only checks is an object (it comes from our engine). */
export const CreateTicketFields = CreateTicketInput.omit({ decision: true })
export type CreateTicketFields = z.output<typeof CreateTicketFields>

export const GetTicketInput = z.strictObject({ number: TicketNumber })
export type GetTicketInput = z.input<typeof GetTicketInput>

/**
 * A change to an open ticket, recorded as an event:
 * - `routed`: the router assigned `toDepartmentId` (also stored as the suggestion);
 * - `overridden`: an operator chose `toDepartmentId` over the router's suggestion;
 * - `rerouted`: moved to `toDepartmentId`;
 * - `transferred`: handed to another agency; status becomes `transferred`
 *   (and the department becomes `toDepartmentId` when given);
 * - `closed`: status becomes `closed`. Nothing may follow a close.
 */
export const AppendEventInput = z.discriminatedUnion('kind', [
  z.strictObject({
    number: TicketNumber,
    kind: z.enum(['routed', 'overridden', 'rerouted']),
    actor: Text(200),
    toDepartmentId: Id,
    reason: Text(2_000).nullish(),
  }),
  z.strictObject({
    number: TicketNumber,
    kind: z.literal('transferred'),
    actor: Text(200),
    toDepartmentId: Id.nullish(),
    reason: Text(2_000).nullish(),
  }),
  z.strictObject({
    number: TicketNumber,
    kind: z.literal('closed'),
    actor: Text(200),
    reason: Text(2_000).nullish(),
  }),
])
export type AppendEventInput = z.input<typeof AppendEventInput>

export const LogRoutingInput = z.strictObject({
  source: z.enum(ROUTING_LOG_SOURCES),
  kind: z.enum(ROUTING_LOG_KINDS),
  departmentId: Id.nullish(),
  firedRules: z.array(z.string()).default([]),
  citations: z.array(z.unknown()).default([]),
  decision: JsonObject,
  knowledgeVersion: Text(200),
  latencyMs: z.number().nonnegative().finite(),
})
export type LogRoutingInput = z.input<typeof LogRoutingInput>

/** A ticket with its audit trail, oldest event first. */
export type TicketWithEvents = Ticket & { events: TicketEvent[] }

/** A complaint as a citizen or operator types it: 1 to 2000 characters after trimming. */
export const ComplaintText = z
  .string({ error: 'text must be a string' })
  .trim()
  .min(1, 'text is empty: write the complaint (1 to 2000 characters)')
  .max(2_000, 'text is too long: a complaint is at most 2000 characters')
export type ComplaintText = z.infer<typeof ComplaintText>

export const PreviewRouteInput = z.strictObject({ text: ComplaintText })
export type PreviewRouteInput = z.input<typeof PreviewRouteInput>

export const FileTicketInput = z.strictObject({
  text: ComplaintText,
  channel: TicketChannel,
  callerName: Text(100).optional(),
  callerPhone: Text(40).optional(),
  /** The operator's choice, by id (`commerce`) or name (`县工商局`); default: the suggestion. */
  department: Text(100).optional(),
  /** Knowledge id of the matter, e.g. `duty-06`; default: the suggestion's. */
  matter: Text(100).optional(),
  /** Required when `department` differs from the suggestion. */
  reason: Text(2_000).optional(),
  idempotencyKey: Text(200),
  actor: Text(200),
})
export type FileTicketInput = z.input<typeof FileTicketInput>

/** Filters shared by the ticket list, the CSV export and the statistics. */
export const TicketFilters = z.strictObject({
  status: TicketStatus.optional(),
  /** By id or name. */
  department: Text(100).optional(),
  matter: Text(100).optional(),
  channel: TicketChannel.optional(),
  /** Matches the ticket number, the complaint or the caller's name. */
  q: Text(200).optional(),
  /** Created at or after. */
  from: z.date().optional(),
  /** Created before. */
  to: z.date().optional(),
})
export type TicketFilters = z.input<typeof TicketFilters>

export const MAX_PAGE_SIZE = 100
export const ListTicketsInput = TicketFilters.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
})
export type ListTicketsInput = z.input<typeof ListTicketsInput>

export const ChangeTicketInput = z.strictObject({
  number: TicketNumber,
  kind: z.enum(['reroute', 'transfer', 'close']),
  department: Text(100).optional(),
  reason: Text(2_000),
  actor: Text(200),
})
export type ChangeTicketInput = z.input<typeof ChangeTicketInput>
