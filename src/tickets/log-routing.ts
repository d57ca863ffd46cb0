import { routingLogs, type RoutingLog } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { redactPhoneNumbers } from './redact.ts'
import type { RoutingLogEntry } from './routing-log-sink.ts'
import { LogRoutingInput } from './schemas.ts'
import type { RoutingContext } from './context.ts'

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

/**
 * Hands a routing run to `ctx.routingLogs` (no waiting: it is written with the
 * next batch), or inserts it at once when the context has no sink.
 *
 * @example
 * await recordRouting(ctx, routingLogOf('api', decision, ctx.elapsedMs()))
 */
export async function recordRouting(ctx: RoutingContext, entry: RoutingLogEntry): Promise<void> {
  if (ctx.routingLogs !== undefined) ctx.routingLogs.write(entry, ctx.now())
  else await logRouting({ ctx, input: entry })
}
