import { parseInput } from '../errors.ts'
import { routeComplaint } from '../routing/route.ts'
import type { RoutingDecision } from '../routing/schemas.ts'
import type { RoutingContext } from './context.ts'
import { recordRouting } from './log-routing.ts'
import type { RoutingLogEntry } from './routing-log-sink.ts'
import { PreviewRouteInput } from './schemas.ts'

/**
 * Routes a complaint for an operator without filing anything; the run is
 * still logged to `routing_logs` (source `api`) through `ctx.routingLogs`.
 *
 * @example
 * const decision = await previewRoute({ ctx, input: { text: '小区电梯困人了' } })
 * decision.kind // 'routed'
 */
export async function previewRoute({
  ctx,
  input,
}: {
  ctx: RoutingContext
  input: PreviewRouteInput
}): Promise<RoutingDecision> {
  const data = parseInput(PreviewRouteInput, input)
  const decision = routeComplaint({ turns: [data.text] }, ctx.engine)
  await recordRouting(ctx, routingLogOf('api', decision, ctx.elapsedMs()))
  return decision
}

/**
 * The decision a ticket keeps: all of it (facts, fired rules, citations with their texts, retrieval) but the
 * list of rules checked and failed, which follows from the facts and the knowledge version and was half the
 * row (it made the ticket insert the costliest part of `POST /api/tickets`). `POST /api/route` still shows it.
 */
export function ticketDecisionOf(decision: RoutingDecision): Record<string, unknown> {
  const { ruleResults: _checked, ...kept } = decision
  return kept
}

/**
 * The routing-log row of a decision. The log keeps what was decided and on what evidence (ids, facts,
 * rules), not the quoted seed texts: those follow from the ids and the knowledge version, and storing
 * ~6 KB of quotations per run made the log the most expensive part of `POST /api/route`.
 * (A ticket keeps its decision with the quotations: see {@link ticketDecisionOf}.)
 */
export function routingLogOf(source: RoutingLogEntry['source'], decision: RoutingDecision, latencyMs: number): RoutingLogEntry {
  return {
    source,
    kind: decision.kind,
    departmentId: decision.kind === 'routed' ? decision.department.id : null,
    firedRules: decision.firedRules,
    citations: decision.kind === 'out_of_scope' ? [] : decision.citations.map((c) => c.id),
    decision: loggedDecisionOf(decision),
    knowledgeVersion: decision.knowledgeVersion,
    latencyMs,
  }
}

function loggedDecisionOf(decision: RoutingDecision): Record<string, unknown> {
  return {
    kind: decision.kind,
    department: decision.kind === 'routed' ? decision.department.id : null,
    coResponsible: decision.kind === 'routed' ? decision.coResponsible.map((d) => d.id) : [],
    matter: decision.kind === 'routed' ? decision.matter.id : null,
    question: decision.kind === 'needs_clarification' ? decision.questionId : null,
    redirect: decision.kind === 'out_of_scope' ? decision.redirect : null,
    topic: decision.kind === 'out_of_scope' ? decision.topic : null,
    confidence: decision.confidence,
    danger: decision.danger?.call ?? null,
    facts: [...new Set(decision.facts.map((f) => f.fact))],
    mentionedDepartments: decision.mentionedDepartments,
    retrieved: decision.retrieved.map((r) => r.id),
  }
}
