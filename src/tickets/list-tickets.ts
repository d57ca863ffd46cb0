import { and, count, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm'
import { tickets, type Ticket } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import type { Knowledge } from '../knowledge/index.ts'
import { resolveDepartment } from './file-ticket.ts'
import { ListTicketsInput, type TicketFilters } from './schemas.ts'

/**
 * One page of tickets matching the filters, newest first, with the total count.
 *
 * @example
 * const { items, total } = await listTickets({ ctx, input: { status: 'open', department: '县工商局', page: 1, pageSize: 20 } })
 */
export async function listTickets({
  ctx,
  input,
}: {
  ctx: DbContext & { engine: { knowledge: Knowledge } }
  input: ListTicketsInput
}): Promise<{ items: Ticket[]; total: number; page: number; pageSize: number }> {
  const data = parseInput(ListTicketsInput, input)
  const where = ticketWhere(ctx.engine.knowledge, data)
  const db = executorOf(ctx)
  const [items, totals] = await Promise.all([
    db
      .select()
      .from(tickets)
      .where(where)
      .orderBy(desc(tickets.createdAt), desc(tickets.number))
      .limit(data.pageSize)
      .offset((data.page - 1) * data.pageSize),
    db.select({ total: count() }).from(tickets).where(where),
  ])
  return { items, total: Number(totals[0]?.total ?? 0), page: data.page, pageSize: data.pageSize }
}

/** The SQL condition of {@link TicketFilters} (undefined: every ticket). */
export function ticketWhere(knowledge: Knowledge, filters: TicketFilters): SQL | undefined {
  const conditions: SQL[] = []
  if (filters.status !== undefined) conditions.push(eq(tickets.status, filters.status))
  if (filters.department !== undefined) conditions.push(eq(tickets.departmentId, resolveDepartment(knowledge, filters.department)))
  if (filters.matter !== undefined) conditions.push(eq(tickets.matterId, filters.matter))
  if (filters.channel !== undefined) conditions.push(eq(tickets.channel, filters.channel))
  if (filters.from !== undefined) conditions.push(gte(tickets.createdAt, filters.from))
  if (filters.to !== undefined) conditions.push(lt(tickets.createdAt, filters.to))
  if (filters.q !== undefined) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    const match = or(ilike(tickets.number, pattern), ilike(tickets.complaint, pattern), ilike(tickets.callerName, pattern))
    if (match) conditions.push(match)
  }
  return conditions.length === 0 ? undefined : and(...conditions)
}
