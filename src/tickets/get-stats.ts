import { sql } from 'drizzle-orm'
import { tickets } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import type { Knowledge } from '../knowledge/index.ts'
import { ticketWhere } from './list-tickets.ts'
import { TicketFilters } from './schemas.ts'

export type Count = { key: string | null; count: number }
export type OverrideRate = { departmentId: string; tickets: number; overridden: number; rate: number }
export type TicketStats = {
  total: number
  byDepartment: Count[]
  byMatter: Count[]
  byChannel: Count[]
  /** `YYYY-MM-DD` in China Standard Time, oldest first. */
  byDay: Count[]
  /** Per suggested department: how often operators chose another one. */
  overrideRate: OverrideRate[]
}

/**
 * Ticket counts grouped in SQL (never loading the rows), for the filters given.
 *
 * @example
 * const stats = await getStats({ ctx, input: { from: new Date('2026-11-01') } })
 * stats.overrideRate // [{ departmentId: 'quality', tickets: 40, overridden: 3, rate: 0.075 }]
 */
export async function getStats({
  ctx,
  input,
}: {
  ctx: DbContext & { engine: { knowledge: Knowledge } }
  input: TicketFilters
}): Promise<TicketStats> {
  const data = parseInput(TicketFilters, input)
  const where = ticketWhere(ctx.engine.knowledge, data)
  const db = executorOf(ctx)
  const n = sql<number>`count(*)::int`
  const grouped = (key: typeof tickets.departmentId | typeof tickets.matterId | typeof tickets.channel) =>
    db.select({ key, count: n }).from(tickets).where(where).groupBy(key).orderBy(sql`2 desc`, key)
  const day = sql<string>`to_char(${tickets.createdAt} at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD')`
  const [byDepartment, byMatter, byChannel, byDay, overrides] = await Promise.all([
    grouped(tickets.departmentId),
    grouped(tickets.matterId),
    grouped(tickets.channel),
    db.select({ key: day, count: n }).from(tickets).where(where).groupBy(sql`1`).orderBy(sql`1`),
    db
      .select({
        departmentId: tickets.suggestedDepartmentId,
        tickets: n,
        overridden: sql<number>`count(*) filter (where ${tickets.overridden})::int`,
      })
      .from(tickets)
      .where(sql`${tickets.suggestedDepartmentId} is not null${where === undefined ? sql`` : sql` and ${where}`}`)
      .groupBy(tickets.suggestedDepartmentId)
      .orderBy(tickets.suggestedDepartmentId),
  ])
  return {
    total: byChannel.reduce((sum, row) => sum + Number(row.count), 0),
    byDepartment: byDepartment.map(countOf),
    byMatter: byMatter.map(countOf),
    byChannel: byChannel.map(countOf),
    byDay: byDay.map(countOf),
    overrideRate: overrides.map((row) => ({
      departmentId: row.departmentId ?? '',
      tickets: Number(row.tickets),
      overridden: Number(row.overridden),
      rate: Number(row.tickets) === 0 ? 0 : Number(row.overridden) / Number(row.tickets),
    })),
  }
}

function countOf(row: { key: string | null; count: number }): Count {
  return { key: row.key, count: Number(row.count) }
}
