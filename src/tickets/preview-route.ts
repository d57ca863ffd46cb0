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

/** The routing-log row of a decision. */
export function routingLogOf(source: RoutingLogEntry['source'], decision: RoutingDecision, latencyMs: number): RoutingLogEntry {
  return {
    source,
    kind: decision.kind,
    departmentId: decision.kind === 'routed' ? decision.department.id : null,
    firedRules: decision.firedRules,
    citations: decision.kind === 'out_of_scope' ? [] : decision.citations.map((c) => ({ id: c.id, title: c.title })),
    decision: decision as unknown as Record<string, unknown>,
    knowledgeVersion: decision.knowledgeVersion,
    latencyMs,
  }
}
