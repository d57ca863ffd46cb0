import { z } from 'zod'
import { ChatDecision, TicketRef } from '../dialogue/schemas.ts'
import { TICKET_CHANNELS, TICKET_STATUSES } from '../db/schema.ts'
import { ComplaintText, MAX_PAGE_SIZE } from '../tickets/schemas.ts'

/** Request and response shapes of the HTTP API; the OpenAPI document is generated from these. */

const Text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)

export const ComplaintBody = z.strictObject({ text: ComplaintText })
export type ComplaintBody = z.infer<typeof ComplaintBody>

export const CreateTicketBody = z.strictObject({
  text: ComplaintText,
  channel: z.enum(TICKET_CHANNELS, { error: 'channel must be "hotline" or "web"' }),
  callerName: Text(100, 'callerName').optional(),
  callerPhone: Text(40, 'callerPhone').optional(),
  /** The department chosen, by id (`commerce`) or name (`县工商局`); default: the suggestion. */
  department: Text(100, 'department').optional(),
  /** Knowledge id of the matter, e.g. `duty-06`. */
  matter: Text(100, 'matter').optional(),
  /** Why the operator chose another department than suggested (required then). */
  reason: Text(2_000, 'reason').optional(),
})
export type CreateTicketBody = z.infer<typeof CreateTicketBody>

export const IdempotencyKey = z
  .string({ error: 'the Idempotency-Key header is required (any unique string, reused only when retrying the same request)' })
  .trim()
  .min(1, 'the Idempotency-Key header is required (any unique string, reused only when retrying the same request)')
  .max(200, 'the Idempotency-Key header is longer than 200 characters')

export const TicketEventBody = z.strictObject({
  kind: z.enum(['reroute', 'transfer', 'close'], { error: 'kind must be "reroute", "transfer" or "close"' }),
  department: Text(100, 'department').optional(),
  reason: Text(2_000, 'reason'),
})
export type TicketEventBody = z.infer<typeof TicketEventBody>

const DAY = /^\d{4}-\d{2}-\d{2}$/
/** `YYYY-MM-DD` (a day in China time) or an ISO date-time; `end` moves a bare day to its end. */
const DateParam = (name: string, end: boolean) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      const date = DAY.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value)
      if (Number.isNaN(date.getTime())) {
        ctx.issues.push({ code: 'custom', input: value, message: `${name} must be a date like 2026-11-26` })
        return z.NEVER
      }
      return end && DAY.test(value) ? new Date(date.getTime() + 86_400_000) : date
    })

const PositiveInt = (name: string, max?: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      max === undefined
        ? z.number().int().min(1, `${name} must be at least 1`)
        : z.number().int().min(1, `${name} must be at least 1`).max(max, `${name} must be at most ${max}`),
    )

export const TicketFiltersQuery = z.object({
  status: z.enum(TICKET_STATUSES, { error: `status must be one of ${TICKET_STATUSES.join(', ')}` }).optional(),
  department: Text(100, 'department').optional(),
  matter: Text(100, 'matter').optional(),
  channel: z.enum(TICKET_CHANNELS, { error: 'channel must be "hotline" or "web"' }).optional(),
  q: Text(200, 'q').optional(),
  /** From this day (China time) or instant, inclusive. */
  from: DateParam('from', false).optional(),
  /** Up to this day (inclusive) or instant (exclusive). */
  to: DateParam('to', true).optional(),
})
export type TicketFiltersQuery = z.output<typeof TicketFiltersQuery>

export const TicketListQuery = TicketFiltersQuery.extend({
  page: PositiveInt('page').optional(),
  pageSize: PositiveInt('pageSize', MAX_PAGE_SIZE).optional(),
})

export const PublicTicketQuery = z.object({
  code: z.string({ error: 'the access code is required: add ?code=… from your ticket' }).trim().min(1, 'the access code is required').max(64),
})

// Responses (documented in the OpenAPI document).

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(['bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'internal']),
    message: z.string(),
    requestId: z.string(),
  }),
})
export const SessionCreated = z.object({ sessionId: z.uuid() })
export const ChatReply = z.object({ reply: z.string(), decision: ChatDecision, ticket: TicketRef.nullable() })
export const Ref = z.object({ id: z.string(), name: z.string() })
export const TicketView = z.object({
  number: z.string(),
  accessCode: z.string(),
  status: z.enum(TICKET_STATUSES),
  channel: z.enum(TICKET_CHANNELS),
  department: Ref.nullable(),
  suggestedDepartment: Ref.nullable(),
  overridden: z.boolean(),
  matter: Ref.nullable(),
  complaint: z.string(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  knowledgeVersion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export const TicketEventView = z.object({
  kind: z.string(),
  actor: z.string(),
  fromDepartment: Ref.nullable(),
  toDepartment: Ref.nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
})
export const TicketList = z.object({ items: z.array(TicketView), total: z.number(), page: z.number(), pageSize: z.number() })
export const PublicTicketView = z.object({
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  statusText: z.string(),
  department: Ref.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(z.object({ kind: z.string(), department: Ref.nullable(), at: z.string() })),
})
