import { eq } from 'drizzle-orm'
import { chatSessions } from '../db/schema.ts'
import { sqlStateOf } from '../db/client.ts'
import { withTransaction } from '../db/transaction.ts'
import { nextTurn, ticketReply, toChatDecision } from '../dialogue/next-turn.ts'
import type { ChatDecision, TicketRef } from '../dialogue/schemas.ts'
import { AppError, parseInput } from '../errors.ts'
import { getDepartment } from '../knowledge/index.ts'
import type { RoutingDecision } from '../routing/schemas.ts'
import type { RoutingContext } from '../tickets/context.ts'
import { createTicket, ticketDayOf } from '../tickets/create-ticket.ts'
import { ticketNumbersOf } from '../tickets/ticket-numbers.ts'
import { logRouting } from '../tickets/log-routing.ts'
import { routingLogOf, ticketDecisionOf } from '../tickets/preview-route.ts'
import { appendMessages } from './append-messages.ts'
import { PostMessageInput } from './schemas.ts'

/**
 * One citizen message: runs the dialogue turn on the session's stored state,
 * files a ticket once the complaint is settled (routed or out of scope), and
 * stores both messages and the new state, all in one transaction with the
 * session row locked (two messages of one session never interleave; a failure
 * writes nothing). The routing run goes to `ctx.routingLogs` after the commit
 * (without a sink it is inserted in the same transaction).
 *
 * Throws `not_found` for an unknown session.
 *
 * @example
 * const { reply, view, ticket } = await postMessage({ ctx, input: { sessionId, text: '小区电梯困人了' } })
 * ticket?.number // '20261126-0001'
 */
export async function postMessage({
  ctx,
  input,
}: {
  ctx: RoutingContext
  input: PostMessageInput
}): Promise<{ reply: string; decision: RoutingDecision; view: ChatDecision; ticket: TicketRef | null }> {
  const data = parseInput(PostMessageInput, input)
  // Reserved before the transaction: a new block of numbers is claimed outside
  // it (see TicketNumberAllocator). Given back below unless a ticket took it.
  const numbers = ctx.ticketNumbers ?? ticketNumbersOf(ctx.db)
  const reserved = ctx.tx === undefined ? await numbers.reserve(ticketDayOf(ctx.now())) : undefined
  let used = false
  try {
    const result = await withTransaction(ctx, async (tx) => {
      const [session] = await tx
        .select({ id: chatSessions.id, state: chatSessions.state })
        .from(chatSessions)
        .where(eq(chatSessions.id, data.sessionId))
        .for('update')
      if (!session) throw new AppError('not_found', 'no such chat session; start a new one', { sessionId: data.sessionId })

      const outcome = nextTurn({ state: session.state, text: data.text }, ctx)
      const { decision } = outcome
      const view = toChatDecision(session.id, decision)
      const inner = { ...ctx, tx }
      let ticket: TicketRef | null = null
      let reply = outcome.reply
      if (ctx.routingLogs === undefined) await logRouting({ ctx: inner, input: routingLogOf('chat', decision, ctx.elapsedMs()) })
      if (outcome.settled) {
        const departmentId = decision.kind === 'routed' ? decision.department.id : null
        const created = await createTicket({
          ctx: inner,
          reserved,
          input: {
            channel: 'web',
            complaint: outcome.turns.join('\n'),
            departmentId,
            matterId: decision.kind === 'routed' ? decision.matter.id : null,
            suggestedDepartmentId: departmentId,
            decision: ticketDecisionOf(decision),
            knowledgeVersion: decision.knowledgeVersion,
            sessionId: session.id,
            actor: 'citizen',
          },
        })
        used = created.created
        const department = departmentId === null ? undefined : getDepartment(ctx.engine.knowledge, departmentId)
        ticket = {
          number: created.ticket.number,
          accessCode: created.ticket.accessCode,
          department: department === undefined ? null : { id: department.id, name: department.name },
          status: created.ticket.status,
        }
        reply = `${reply}\n\n${ticketReply(ticket, ctx.prompts)}`
      }
      await appendMessages({
        ctx: inner,
        input: {
          sessionId: session.id,
          messages: [
            { role: 'citizen', text: data.text },
            { role: 'assistant', text: reply, decision: { decision: view, ticket } },
          ],
          state: outcome.state,
        },
      })
      return { reply, decision, view, ticket }
    })
    // After the commit: a failed message logs nothing.
    ctx.routingLogs?.write(routingLogOf('chat', result.decision, ctx.elapsedMs()), ctx.now())
    return result
  } catch (error) {
    // Unless the database refused the transaction, a commit that failed on the
    // way back may still have stored the ticket: then the number stays used.
    if (used && sqlStateOf(error) !== undefined) used = false
    throw error
  } finally {
    if (reserved !== undefined && !used) numbers.release(reserved)
  }
}
