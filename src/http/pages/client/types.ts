/**
 * What the pages read from the API. Types only (erased by the bundler): the
 * shapes come from the zod schemas the API itself is built on.
 */
import type { z } from 'zod'
import type { ChatDecision, TicketRef } from '../../../dialogue/schemas.ts'
import type { RoutingDecision } from '../../../routing/schemas.ts'
import type { ChatReply, PublicTicketView, TicketEventView, TicketList, TicketView } from '../../schemas.ts'

/** The decision as the pages show it: the route-contract line plus kind, full citations and next step. */
export type ApiDecision = ChatDecision & {
  facts?: RoutingDecision['facts']
  mentionedDepartments?: string[]
}
export type ApiCitation = ApiDecision['citations'][number]
export type ApiTicketRef = TicketRef
export type ApiChatReply = z.infer<typeof ChatReply>
export type ApiPublicTicket = z.infer<typeof PublicTicketView>
export type ApiTicket = z.infer<typeof TicketView> & { events?: z.infer<typeof TicketEventView>[] }
export type ApiTicketEvent = z.infer<typeof TicketEventView>
export type ApiTicketList = z.infer<typeof TicketList>
/** `POST /api/route`: the engine's full decision, its flat contract line and the operator's script. */
export type ApiRouteAnswer = { decision: RoutingDecision; line: ChatDecision; script: string }

/** Chinese labels for ticket statuses (citizens and operators). */
export const STATUS_LABELS: Record<string, string> = {
  open: '待处理',
  transferred: '已转办',
  closed: '已办结',
}

export const CHANNEL_LABELS: Record<string, string> = {
  web: '网上',
  hotline: '热线',
}

export function statusLabel(status: string | null | undefined): string {
  return status ? (STATUS_LABELS[status] ?? status) : '—'
}

/**
 * The page view of `POST /api/route`'s answer: the contract line's flat fields with the
 * full decision's citations, next step, facts and danger.
 */
export function decisionView(answer: ApiRouteAnswer): ApiDecision {
  const d = answer.decision
  return {
    ...answer.line,
    kind: d.kind,
    citations: d.kind === 'out_of_scope' ? [] : d.citations,
    nextStep: d.kind === 'needs_clarification' ? null : d.nextStep,
    topic: d.kind === 'out_of_scope' ? d.topic : null,
    danger: d.danger,
    facts: d.facts,
    mentionedDepartments: d.mentionedDepartments,
  }
}
