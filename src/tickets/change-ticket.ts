import type { Ticket, TicketEvent } from '../db/schema.ts'
import type { DbContext } from '../db/transaction.ts'
import { AppError, parseInput } from '../errors.ts'
import type { Knowledge } from '../knowledge/index.ts'
import { appendEvent } from './append-event.ts'
import { resolveDepartment } from './file-ticket.ts'
import { ChangeTicketInput } from './schemas.ts'

const KINDS = { reroute: 'rerouted', transfer: 'transferred', close: 'closed' } as const

/**
 * An operator's change to a ticket: `reroute` (to another department, which is
 * required), `transfer` (to another agency, department optional) or `close`;
 * always with a reason. Departments by id or name.
 *
 * @example
 * await changeTicket({ ctx, input: { number: '20261126-0007', kind: 'reroute', department: '县工商局', reason: '流通环节', actor } })
 */
export async function changeTicket({
  ctx,
  input,
}: {
  ctx: DbContext & { engine: { knowledge: Knowledge } }
  input: ChangeTicketInput
}): Promise<{ ticket: Ticket; event: TicketEvent }> {
  const data = parseInput(ChangeTicketInput, input)
  const department = data.department === undefined ? undefined : resolveDepartment(ctx.engine.knowledge, data.department)
  const base = { number: data.number, actor: data.actor, reason: data.reason }
  switch (data.kind) {
    case 'reroute':
      if (department === undefined) throw new AppError('bad_request', 'a reroute needs the department to send the ticket to')
      return appendEvent({ ctx, input: { ...base, kind: KINDS.reroute, toDepartmentId: department } })
    case 'transfer':
      return appendEvent({ ctx, input: { ...base, kind: KINDS.transfer, toDepartmentId: department ?? null } })
    case 'close':
      return appendEvent({ ctx, input: { ...base, kind: KINDS.close } })
  }
}
