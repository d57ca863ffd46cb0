import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { chatSessions, ticketCounters, ticketEvents, tickets, type Ticket } from '../db/schema.ts'
import { executorOf, withTransaction, type DbContext } from '../db/transaction.ts'
import type { Db } from '../db/client.ts'
import { parseInput } from '../errors.ts'
import { CreateTicketInput } from './schemas.ts'

/** Letters and digits a caller cannot misread over the phone: no 0/O, 1/I. 32 symbols. */
export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const ACCESS_CODE_LENGTH = 8
/** Ticket numbers follow the bureau's calendar day: China Standard Time, UTC+8, no DST. */
export const TICKET_DAY_UTC_OFFSET_HOURS = 8

/**
 * Files a ticket: allocates the next number of the day, writes the ticket and
 * its `created` event in one transaction, and links the chat session if given.
 * With an `idempotencyKey` that was used before, it returns that ticket and
 * `created: false`; concurrent retries are settled by the unique index.
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
}: {
  ctx: DbContext
  input: CreateTicketInput
}): Promise<{ ticket: Ticket; created: boolean }> {
  const data = parseInput(CreateTicketInput, input)
  const key = data.idempotencyKey ?? null

  if (key !== null) {
    const existing = await findByIdempotencyKey(executorOf(ctx), key)
    if (existing) return { ticket: existing, created: false }
  }

  const now = ctx.now()
  const day = data.day ?? ticketDayOf(now)
  try {
    const ticket = await withTransaction(ctx, async (tx) => {
      const number = formatTicketNumber(day, await allocateNumber(tx, day))
      const [row] = await tx
        .insert(tickets)
        .values({
          number,
          accessCode: generateAccessCode(),
          channel: data.channel,
          complaint: data.complaint,
          callerName: data.callerName ?? null,
          callerPhone: data.callerPhone ?? null,
          status: 'open',
          departmentId: data.departmentId ?? null,
          matterId: data.matterId ?? null,
          suggestedDepartmentId: data.suggestedDepartmentId ?? null,
          overridden: data.overridden,
          decision: data.decision,
          knowledgeVersion: data.knowledgeVersion,
          sessionId: data.sessionId ?? null,
          idempotencyKey: key,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: tickets.idempotencyKey })
        .returning()
      // Another request with the same key committed first: undo our number too.
      if (!row) throw new IdempotencyKeyTaken()
      await tx.insert(ticketEvents).values({
        ticketId: row.id,
        actor: data.actor,
        kind: 'created',
        toDepartmentId: row.departmentId,
        toStatus: row.status,
        reason: data.reason ?? null,
        createdAt: now,
      })
      if (row.sessionId !== null) {
        await tx.update(chatSessions).set({ ticketId: row.id, updatedAt: now }).where(eq(chatSessions.id, row.sessionId))
      }
      return row
    })
    return { ticket, created: true }
  } catch (error) {
    if (!(error instanceof IdempotencyKeyTaken) || key === null) throw error
    const existing = await findByIdempotencyKey(executorOf(ctx), key)
    if (!existing) throw error
    return { ticket: existing, created: false }
  }
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

/** Atomic across instances: the row lock on the day's counter orders concurrent callers. */
async function allocateNumber(tx: Db, day: string): Promise<number> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({
      target: ticketCounters.day,
      set: { last: sql`${sql.identifier('ticket_counters')}.${sql.identifier('last')} + 1` },
    })
    .returning({ last: ticketCounters.last })
  if (!row) throw new Error(`ticket counter for ${day} returned no row`)
  return row.last
}

async function findByIdempotencyKey(db: Db, key: string): Promise<Ticket | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.idempotencyKey, key)).limit(1)
  return row
}

class IdempotencyKeyTaken extends Error {}
