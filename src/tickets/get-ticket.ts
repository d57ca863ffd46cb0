import { asc, eq } from 'drizzle-orm'
import { ticketEvents, tickets } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { GetTicketInput, type TicketWithEvents } from './schemas.ts'

/**
 * Reads a ticket by its number with its events, oldest first; `null` when
 * there is no such ticket. Checking the access code is the caller's business.
 *
 * @example
 * const ticket = await getTicket({ ctx, input: { number: '20261126-0007' } })
 * ticket?.events.map((event) => event.kind) // ['created', 'transferred', 'closed']
 */
export async function getTicket({
  ctx,
  input,
}: {
  ctx: DbContext
  input: GetTicketInput
}): Promise<TicketWithEvents | null> {
  const data = parseInput(GetTicketInput, input)
  const db = executorOf(ctx)
  const [ticket] = await db.select().from(tickets).where(eq(tickets.number, data.number)).limit(1)
  if (!ticket) return null
  const events = await db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticket.id))
    .orderBy(asc(ticketEvents.id))
  return { ...ticket, events }
}
