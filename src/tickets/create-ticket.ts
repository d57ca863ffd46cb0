import { randomBytes } from 'node:crypto'
import { eq, getTableColumns, sql } from 'drizzle-orm'
import { rowsOf, sqlStateOf, type Db } from '../db/client.ts'
import { tickets, type Ticket } from '../db/schema.ts'
import { withTransaction, type DbContext } from '../db/transaction.ts'
import { AppError, parseInput } from '../errors.ts'
import { CreateTicketFields, type CreateTicketInput } from './schemas.ts'
import { ticketNumbersOf, type ReservedTicketNumber, type TicketNumberAllocator } from './ticket-numbers.ts'

/** Letters and digits a caller cannot misread over the phone: no 0/O, 1/I. 32 symbols. */
export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const ACCESS_CODE_LENGTH = 8
/** Ticket numbers follow the bureau's calendar day: China Standard Time, UTC+8, no DST. */
export const TICKET_DAY_UTC_OFFSET_HOURS = 8

/**
 * Files a ticket: takes the next number of the day (see
 * {@link TicketNumberAllocator}), then writes the ticket, its `created` event
 * (and an `overridden` event when `overridden`) and the chat session's link in
 * ONE statement, so they are stored together or not at all, in one round trip.
 *
 * With an `idempotencyKey` that was used before, it returns that ticket and
 * `created: false`: the insert comes first and the earlier ticket is looked up
 * only when the key's unique index refuses it (so concurrent retries are
 * settled by the index too).
 *
 * Inside a caller's transaction (`ctx.tx`) it runs in a savepoint, and takes
 * the number the caller `reserved` before opening it; without one it falls
 * back to counting on the shared counter row inside that transaction (which
 * holds the row's lock until the caller commits).
 *
 * With `overridden`, `departmentId` is the operator's choice and
 * `suggestedDepartmentId` the router's: the `created` event goes to the
 * suggestion and the `overridden` event (carrying `reason`) moves it on.
 *
 * @example
 * const { ticket, created } = await createTicket({
 *   ctx: { db, now: () => new Date() },
 *   input: { channel: 'web', complaint: '加油机少加油', departmentId: 'quality', decision, knowledgeVersion: knowledge.version, actor: 'citizen' },
 * })
 * ticket.number // '20261126-0007'
 */
export async function createTicket({
  ctx,
  input,
  reserved,
}: {
  ctx: DbContext & { ticketNumbers?: TicketNumberAllocator }
  input: CreateTicketInput
  /** A number the caller reserved (and releases if it goes unused), e.g. before opening its transaction. */
  reserved?: ReservedTicketNumber
}): Promise<{ ticket: Ticket; created: boolean }> {
  // The decision comes from our own engine: check its shape only, not every field again.
  const { decision, ...fields } = input
  const data = parseInput(CreateTicketFields, fields)
  if (decision === null || typeof decision !== 'object' || Array.isArray(decision)) {
    throw new AppError('bad_request', 'decision: must be a JSON object', { field: 'decision' })
  }
  const now = ctx.now()
  const day = reserved?.day ?? data.day ?? ticketDayOf(now)
  const write = { ...data, decision, day, now }

  if (ctx.tx !== undefined) {
    return withTransaction(ctx, async (tx) => {
      const sequence = reserved?.sequence ?? (await countInTransaction(tx, day))
      const ticket = await insertTicket(tx, write, formatTicketNumber(day, sequence))
      if (ticket) return { ticket, created: true }
      return { ticket: await existingTicket(tx, data.idempotencyKey), created: false }
    })
  }

  const numbers = ctx.ticketNumbers ?? ticketNumbersOf(ctx.db)
  const number = reserved ?? (await numbers.reserve(day))
  let ticket: Ticket | undefined
  try {
    ticket = await insertTicket(ctx.db, write, formatTicketNumber(day, number.sequence))
  } catch (error) {
    // The database refused the statement, so nothing of it was stored: the number
    // is free again. Not after a lost connection (the commit may have happened),
    // nor when the number itself was taken (23505: unique violation).
    const code = sqlStateOf(error)
    if (reserved === undefined && code !== undefined && code !== '23505') numbers.release(number)
    throw error
  }
  if (ticket) return { ticket, created: true }
  if (reserved === undefined) numbers.release(number)
  return { ticket: await existingTicket(ctx.db, data.idempotencyKey), created: false }
}

/**
 * `YYYYMMDD` of `now` in China Standard Time.
 *
 * @example
 * ticketDayOf(new Date('2026-11-25T16:30:00Z')) // '20261126'
 */
export function ticketDayOf(now: Date): string {
  const local = new Date(now.getTime() + TICKET_DAY_UTC_OFFSET_HOURS * 3_600_000)
  return local.toISOString().slice(0, 10).replaceAll('-', '')
}

/** `formatTicketNumber('20261126', 7)` → `'20261126-0007'` (more digits past 9999). */
export function formatTicketNumber(day: string, sequence: number): string {
  return `${day}-${String(sequence).padStart(4, '0')}`
}

/** {@link ACCESS_CODE_LENGTH} symbols from {@link ACCESS_CODE_ALPHABET}, 40 random bits. */
export function generateAccessCode(): string {
  // 32 symbols divide 256 evenly, so masking each byte keeps every symbol equally likely.
  const bytes = randomBytes(ACCESS_CODE_LENGTH)
  let code = ''
  for (const byte of bytes) code += ACCESS_CODE_ALPHABET[byte & 31]
  return code
}

/**
 * The next number of `day` on the shared counter, inside the caller's
 * transaction: its row lock is held until that transaction ends, which is why
 * callers without a transaction use the block allocator instead.
 */
async function countInTransaction(tx: Db, day: string): Promise<number> {
  const rows = rowsOf<{ last: number }>(
    await tx.execute(sql`
      insert into ticket_counters (day, last) values (${day}, 1)
      on conflict (day) do update set last = ticket_counters.last + 1
      returning last`),
  )
  const last = Number(rows[0]?.last)
  if (!Number.isInteger(last)) throw new Error(`ticket counter for ${day} returned no row`)
  return last
}

type TicketWrite = CreateTicketFields & { decision: Record<string, unknown>; day: string; now: Date }

/** Every column but `decision`, which the caller already holds (no need to ship it back). */
const RETURNED = Object.entries(getTableColumns(tickets)).filter(([key]) => key !== 'decision')
const RETURNING = sql.raw(RETURNED.map(([, column]) => `"${column.name}"`).join(', '))

/**
 * The ticket, its events and the session link as one statement with
 * data-modifying CTEs: atomic on its own, one round trip. Returns undefined
 * when the idempotency key is taken (then nothing was written).
 */
async function insertTicket(db: Db, data: TicketWrite, number: string): Promise<Ticket | undefined> {
  const at = data.now.toISOString()
  const departmentId = data.departmentId ?? null
  const suggested = data.suggestedDepartmentId ?? null
  const overridden = data.overridden
  const reason = data.reason ?? null
  // (order, kind, from department, to department, from status, reason)
  const events = overridden
    ? sql`(1, 'created', null::text, ${suggested}::text, null::text, null::text),
          (2, 'overridden', ${suggested}::text, ${departmentId}::text, 'open', ${reason}::text)`
    : sql`(1, 'created', null::text, ${departmentId}::text, null::text, ${reason}::text)`
  const result = await db.execute(sql`
    with ins as (
      insert into tickets (number, access_code, channel, complaint, caller_name, caller_phone, status,
        department_id, matter_id, suggested_department_id, overridden, decision, knowledge_version,
        session_id, idempotency_key, created_at, updated_at)
      values (${number}, ${generateAccessCode()}, ${data.channel}, ${data.complaint}, ${data.callerName ?? null}::text,
        ${data.callerPhone ?? null}::text, 'open', ${departmentId}::text, ${data.matterId ?? null}::text, ${suggested}::text,
        ${overridden}::boolean, ${JSON.stringify(data.decision)}::jsonb, ${data.knowledgeVersion},
        ${data.sessionId ?? null}::uuid, ${data.idempotencyKey ?? null}::text, ${at}::timestamptz, ${at}::timestamptz)
      on conflict (idempotency_key) do nothing
      returning *
    ), events as (
      insert into ticket_events (ticket_id, actor, kind, from_department_id, to_department_id, from_status, to_status, reason, created_at)
      select ins.id, ${data.actor}, e.kind, e.from_department_id, e.to_department_id, e.from_status, 'open', e.reason, ${at}::timestamptz
      from ins cross join (values ${events}) as e(ord, kind, from_department_id, to_department_id, from_status, reason)
      order by e.ord
    ), link as (
      update chat_sessions set ticket_id = ins.id, updated_at = ${at}::timestamptz
      from ins where chat_sessions.id = ins.session_id
    )
    select ${RETURNING} from ins`)
  const row = rowsOf(result)[0]
  if (row === undefined) return undefined
  const ticket: Record<string, unknown> = { decision: data.decision }
  for (const [key, column] of RETURNED) {
    const value = row[column.name]
    ticket[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
  }
  return ticket as Ticket
}

async function existingTicket(db: Db, key: string | null | undefined): Promise<Ticket> {
  // Only a taken idempotency key makes the insert do nothing.
  if (key === null || key === undefined) throw new Error('ticket insert stored nothing without an idempotency key')
  const [row] = await db.select().from(tickets).where(eq(tickets.idempotencyKey, key)).limit(1)
  if (!row) throw new Error(`idempotency key ${key} is taken but its ticket was not found`)
  return row
}
