import type { Ticket } from '../db/schema.ts'
import { AppError, parseInput } from '../errors.ts'
import { getDepartment, getEntry, type Knowledge } from '../knowledge/index.ts'
import { findDepartmentByName } from '../knowledge/index.ts'
import { routeComplaint } from '../routing/route.ts'
import type { RoutingDecision } from '../routing/schemas.ts'
import type { RoutingContext } from './context.ts'
import { createTicket } from './create-ticket.ts'
import { recordRouting } from './log-routing.ts'
import { routingLogOf, ticketDecisionOf } from './preview-route.ts'
import { FileTicketInput } from './schemas.ts'

/**
 * Files an operator's ticket: routes the text, applies the operator's choice
 * (department by id or name; choosing another department than the suggested
 * one needs a reason and adds an `overridden` event after `created`, stored in
 * the same statement as the ticket), and logs the routing through
 * `ctx.routingLogs`. A used `idempotencyKey` returns the first ticket with
 * `created: false` and files nothing (the routing run is logged).
 *
 * @example
 * const { ticket, created } = await fileTicket({
 *   ctx,
 *   input: { text: '加油站加油机少加油', channel: 'hotline', idempotencyKey: 'k-1', actor: 'operator:ab12cd34' },
 * })
 */
export async function fileTicket({
  ctx,
  input,
}: {
  ctx: RoutingContext
  input: FileTicketInput
}): Promise<{ ticket: Ticket; created: boolean; decision: RoutingDecision }> {
  const data = parseInput(FileTicketInput, input)
  const knowledge = ctx.engine.knowledge
  const decision = routeComplaint({ turns: [data.text] }, ctx.engine)
  const suggested = decision.kind === 'routed' ? decision.department.id : null
  const chosen = data.department === undefined ? suggested : resolveDepartment(knowledge, data.department)
  const overridden = suggested !== null && chosen !== suggested
  if (overridden && data.reason === undefined) {
    const from = getDepartment(knowledge, suggested)?.name ?? suggested
    const to = chosen === null ? '' : (getDepartment(knowledge, chosen)?.name ?? chosen)
    throw new AppError('bad_request', `a reason is required to send the ticket to ${to} instead of the suggested ${from}`, {
      suggested,
      chosen,
    })
  }
  let matterId: string | null = decision.kind === 'routed' && !overridden ? decision.matter.id : null
  if (data.matter !== undefined) {
    if (getEntry(knowledge, data.matter) === undefined) {
      throw new AppError('bad_request', `unknown matter "${data.matter}"`, { matter: data.matter })
    }
    matterId = data.matter
  }
  const latencyMs = ctx.elapsedMs()

  // One statement stores the ticket with its `created` (and `overridden`)
  // events, so no transaction of our own is needed around it.
  const { ticket, created } = await createTicket({
    ctx,
    input: {
      channel: data.channel,
      complaint: data.text,
      callerName: data.callerName,
      callerPhone: data.callerPhone,
      departmentId: chosen,
      matterId,
      suggestedDepartmentId: suggested,
      overridden,
      decision: ticketDecisionOf(decision),
      knowledgeVersion: decision.knowledgeVersion,
      idempotencyKey: data.idempotencyKey,
      actor: data.actor,
      reason: data.reason,
    },
  })
  // Logged once the outcome is known (a replayed key logs its routing run too: it did route again).
  await recordRouting(ctx, routingLogOf('ticket', decision, latencyMs))
  return { ticket, created, decision }
}

/** A department id, or the id of a department named so (aliases count); else `bad_request`. */
export function resolveDepartment(knowledge: Knowledge, idOrName: string): string {
  const department = getDepartment(knowledge, idOrName) ?? findDepartmentByName(knowledge, idOrName)
  if (department === undefined) {
    throw new AppError('bad_request', `unknown department "${idOrName}"`, { department: idOrName })
  }
  return department.id
}
