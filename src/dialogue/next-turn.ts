import type { RoutingEngine } from '../routing/engine.ts'
import { toContractLine } from '../routing/contract.ts'
import { routeComplaint } from '../routing/route.ts'
import type { RoutingDecision } from '../routing/schemas.ts'
import type { Prompts } from './prompts.ts'
import { DialogueState, MAX_COMPLAINT_TURNS, type ChatDecision, type TicketRef } from './schemas.ts'

/** What one citizen message leads to. */
export type TurnOutcome = {
  /** The state to store: empty turns once the complaint is settled. */
  state: DialogueState
  decision: RoutingDecision
  /** The turns that were routed together. */
  turns: string[]
  /** True when the complaint is settled (routed or out of scope) and a ticket should be filed. */
  settled: boolean
  /** The reply without the ticket line (see {@link ticketReply}). */
  reply: string
}

/**
 * One turn of the chat, pure: appends `text` to the complaint in progress,
 * routes all its turns together (so the answer to a clarifying question, typed
 * or picked, settles it), and renders the reply. A settled complaint empties
 * the turns, so the next message starts a new complaint.
 *
 * @example
 * const first = nextTurn({ state: {}, text: '买的东西质量有问题' }, { engine, prompts })
 * first.decision.kind // 'needs_clarification'
 * const second = nextTurn({ state: first.state, text: '在商店或商场买的' }, { engine, prompts })
 * second.decision.kind // 'routed' (县工商局)
 */
export function nextTurn(
  input: { state: unknown; text: string },
  deps: { engine: RoutingEngine; prompts: Prompts },
): TurnOutcome {
  const parsed = DialogueState.safeParse(input.state ?? {})
  // A state from an older release that no longer parses starts a fresh complaint.
  const previous: DialogueState = parsed.success ? parsed.data : { turns: [], complaints: 0 }
  const turns = [...previous.turns, input.text.trim()].slice(-MAX_COMPLAINT_TURNS)
  const decision = routeComplaint({ turns }, deps.engine)
  const settled = decision.kind !== 'needs_clarification'
  return {
    state: settled ? { turns: [], complaints: previous.complaints + 1 } : { turns, complaints: previous.complaints },
    decision,
    turns,
    settled,
    reply: renderReply(decision, deps.prompts, 'citizen'),
  }
}

/**
 * The text for a decision, danger advice first: the citizen's reply, or the
 * short script an operator reads to a caller.
 *
 * @example
 * renderReply(decision, prompts, 'operator') // '请先确保安全：请立即拨打119。…\n您好，您反映的“特种设备安全监察”问题…'
 */
export function renderReply(decision: RoutingDecision, prompts: Prompts, audience: 'citizen' | 'operator'): string {
  const parts: string[] = []
  if (decision.danger !== null) {
    parts.push(
      prompts.render(audience === 'citizen' ? 'citizenDanger' : 'operatorDanger', {
        call: decision.danger.call.join('、'),
        advice: decision.danger.advice,
      }),
    )
  }
  switch (decision.kind) {
    case 'routed':
      parts.push(
        prompts.render(audience === 'citizen' ? 'citizenRouted' : 'operatorRouted', {
          department: decision.department.name,
          matter: decision.matter.name,
          explanation: decision.explanation,
          nextStep: decision.nextStep,
          coResponsible: decision.coResponsible.map((d) => d.name).join('、'),
        }),
      )
      break
    case 'needs_clarification':
      parts.push(
        prompts.render(audience === 'citizen' ? 'citizenClarify' : 'operatorClarify', {
          question: decision.question,
          suggestions: decision.suggestions.map((s) => s.label).join(' / '),
        }),
      )
      break
    case 'out_of_scope':
      parts.push(
        prompts.render(audience === 'citizen' ? 'citizenOutOfScope' : 'operatorOutOfScope', {
          redirect: decision.redirect,
          topic: decision.topic ?? '',
          explanation: decision.explanation,
          nextStep: decision.nextStep,
        }),
      )
      break
  }
  return parts.filter((part) => part.length > 0).join('\n\n')
}

/** The ticket line appended to the reply once a complaint is filed. */
export function ticketReply(ticket: TicketRef, prompts: Prompts): string {
  return prompts.render('citizenTicket', {
    number: ticket.number,
    accessCode: ticket.accessCode,
    department: ticket.department?.name ?? '',
  })
}

/**
 * The decision as the chat shows it: the contract line plus kind, full
 * citations, next step and topic.
 *
 * @example
 * toChatDecision(sessionId, decision).citations[0]?.legalBasis
 */
export function toChatDecision(id: string, decision: RoutingDecision): ChatDecision {
  return {
    ...toContractLine(id, decision),
    kind: decision.kind,
    citations: decision.kind === 'out_of_scope' ? [] : decision.citations,
    nextStep: decision.kind === 'needs_clarification' ? null : decision.nextStep,
    topic: decision.kind === 'out_of_scope' ? decision.topic : null,
  }
}
