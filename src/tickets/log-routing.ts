import { routingLogs, type RoutingLog } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { redactPhoneNumbers } from './redact.ts'
import { LogRoutingInput } from './schemas.ts'

/**
 * Records one routing run for statistics. Phone numbers are stripped from the
 * decision and citations first (see {@link redactPhoneNumbers}).
 *
 * @example
 * await logRouting({
 *   ctx,
 *   input: { source: 'api', kind: decision.kind, departmentId: 'quality', firedRules: ['r-fuel'], citations, decision, knowledgeVersion, latencyMs: 3.2 },
 * })
 */
export async function logRouting({ ctx, input }: { ctx: DbContext; input: LogRoutingInput }): Promise<RoutingLog> {
  const data = parseInput(LogRoutingInput, input)
  const [row] = await executorOf(ctx)
    .insert(routingLogs)
    .values({
      source: data.source,
      kind: data.kind,
      departmentId: data.departmentId ?? null,
      firedRules: data.firedRules,
      citations: redactPhoneNumbers(data.citations),
      decision: redactPhoneNumbers(data.decision),
      knowledgeVersion: data.knowledgeVersion,
      latencyMs: data.latencyMs,
      createdAt: ctx.now(),
    })
    .returning()
  if (!row) throw new Error('routing log insert returned no row')
  return row
}
