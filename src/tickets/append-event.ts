import { eq } from 'drizzle-orm'
import { ticketEvents, tickets, type Ticket, type TicketEvent } from '../db/schema.ts'
import { withTransaction, type DbContext } from '../db/transaction.ts'
import { AppError, parseInput } from '../errors.ts'
import { AppendEventInput } from './schemas.ts'

/**
 * Changes a ticket and records the change as an event, in one transaction
 * (see {@link AppendEventInput} for what each kind does). The ticket row is
 * locked first, so concurrent changes apply one after the other.
 *
 * Throws `not_found` for an unknown number, and `conflict` for any change to a
 * closed ticket (closing twice included), a reroute to the department it is
 * already with, or a transfer of a transferred ticket that names no new department.
 *
 * @example
 * const { ticket, event } = await appendEvent({
 *   ctx,
 *   input: { number: '20261126-0007', kind: 'transferred', actor: 'operator:wang', toDepartmentId: 'commerce', reason: '属工商职责' },
 * })
 * ticket.status // 'transferred'
 */
export async function appendEvent({
  ctx,
  input,
}: {
  ctx: DbContext
  input: AppendEventInput
}): Promise<{ ticket: Ticket; event: TicketEvent }> {
  const data = parseInput(AppendEventInput, input)
  const now = ctx.now()
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(tickets).where(eq(tickets.number, data.number)).for('update')
    if (!current) throw new AppError('not_found', `no ticket numbered ${data.number}`, { number: data.number })
    if (current.status === 'closed') {
      throw new AppError('conflict', `ticket ${data.number} is closed and cannot be changed`, {
        number: data.number,
        status: current.status,
      })
    }

    const next: Partial<Ticket> = {}
    switch (data.kind) {
      case 'routed':
        next.departmentId = data.toDepartmentId
        next.suggestedDepartmentId = data.toDepartmentId
        break
      case 'overridden':
        next.departmentId = data.toDepartmentId
        next.overridden = true
        break
      case 'rerouted':
        if (current.departmentId === data.toDepartmentId) {
          throw new AppError('conflict', `ticket ${data.number} is already with ${data.toDepartmentId}`, {
            number: data.number,
            departmentId: current.departmentId,
          })
        }
        next.departmentId = data.toDepartmentId
        break
      case 'transferred': {
        const to = data.toDepartmentId ?? current.departmentId
        if (current.status === 'transferred' && to === current.departmentId) {
          throw new AppError('conflict', `ticket ${data.number} is already transferred to ${String(to)}`, {
            number: data.number,
            departmentId: current.departmentId,
          })
        }
        next.status = 'transferred'
        next.departmentId = to
        break
      }
      case 'closed':
        next.status = 'closed'
        break
    }

    const [ticket] = await tx
      .update(tickets)
      .set({ ...next, updatedAt: now })
      .where(eq(tickets.id, current.id))
      .returning()
    if (!ticket) throw new Error(`ticket ${data.number} vanished while locked`)
    const [event] = await tx
      .insert(ticketEvents)
      .values({
        ticketId: current.id,
        actor: data.actor,
        kind: data.kind,
        fromDepartmentId: current.departmentId,
        toDepartmentId: ticket.departmentId,
        fromStatus: current.status,
        toStatus: ticket.status,
        reason: data.reason ?? null,
        createdAt: now,
      })
      .returning()
    if (!event) throw new Error(`event for ticket ${data.number} returned no row`)
    return { ticket, event }
  })
}
