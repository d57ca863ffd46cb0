import { desc } from 'drizzle-orm'
import { tickets, type Ticket } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { getDepartment, getEntry, type Knowledge } from '../knowledge/index.ts'
import { ticketWhere } from './list-tickets.ts'
import { TicketFilters } from './schemas.ts'

/** The export stops after this many rows (newest first); narrow the filters for more. */
export const MAX_EXPORT_ROWS = 10_000

const STATUS_NAMES = { open: '待处理', transferred: '已转办', closed: '已办结' } as const
const CHANNEL_NAMES = { web: '网上', hotline: '热线' } as const
const HEADERS = ['工单号', '受理时间', '渠道', '状态', '处理部门', '事项', '系统建议部门', '是否改派', '来电人', '联系电话', '投诉内容']

/**
 * The tickets matching the filters as CSV that Excel and WPS open correctly:
 * UTF-8 with BOM, CRLF, every field quoted, cells that could run as a formula
 * prefixed with `'`, phone numbers masked (`138****8000`).
 *
 * @example
 * const { csv, rows, truncated } = await exportTickets({ ctx, input: { status: 'open' } })
 */
export async function exportTickets({
  ctx,
  input,
}: {
  ctx: DbContext & { engine: { knowledge: Knowledge } }
  input: TicketFilters
}): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const data = parseInput(TicketFilters, input)
  const knowledge = ctx.engine.knowledge
  const rows = await executorOf(ctx)
    .select()
    .from(tickets)
    .where(ticketWhere(knowledge, data))
    .orderBy(desc(tickets.createdAt), desc(tickets.number))
    .limit(MAX_EXPORT_ROWS + 1)
  const truncated = rows.length > MAX_EXPORT_ROWS
  const lines = [HEADERS, ...rows.slice(0, MAX_EXPORT_ROWS).map((row) => csvRow(knowledge, row))]
  return { csv: `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`, rows: lines.length - 1, truncated }
}

function csvRow(knowledge: Knowledge, row: Ticket): string[] {
  const name = (id: string | null) => (id === null ? '' : (getDepartment(knowledge, id)?.name ?? id))
  return [
    row.number,
    chinaTime(row.createdAt),
    CHANNEL_NAMES[row.channel],
    STATUS_NAMES[row.status],
    name(row.departmentId),
    row.matterId === null ? '' : (getEntry(knowledge, row.matterId)?.title ?? row.matterId),
    name(row.suggestedDepartmentId),
    row.overridden ? '是' : '否',
    row.callerName ?? '',
    maskPhones(row.callerPhone ?? ''),
    maskPhones(row.complaint),
  ]
}

/** `2026-11-26 10:00` in China Standard Time. */
function chinaTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/**
 * Quotes a cell; a cell starting with = + - @ (or a tab/CR) is prefixed with `'`
 * so a spreadsheet shows it as text instead of running it.
 *
 * @example
 * csvCell('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replaceAll('"', '""')}"`
}

/**
 * Masks mobile numbers as `138****8000` and landlines as `0898-****5678`.
 *
 * @example
 * maskPhones('电话13812348000') // '电话138****8000'
 */
export function maskPhones(text: string): string {
  return text
    .replace(/(?<!\d)(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(0\d{2,3})[-\s]?\d{3,4}(\d{4})(?!\d)/g, '$1-****$2')
}
