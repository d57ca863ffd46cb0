import { Hono } from 'hono'
import { renderReply } from '../../dialogue/next-turn.ts'
import { toContractLine } from '../../routing/contract.ts'
import { previewRoute } from '../../tickets/index.ts'
import type { AppDeps } from '../deps.ts'
import { contextOf, type AppEnv } from '../env.ts'
import { operatorAuth } from '../middleware/auth.ts'
import { ComplaintBody } from '../schemas.ts'
import { readJson } from '../validate.ts'

/**
 * `POST /api/route` `{ text }` (operator): the full decision with its evidence,
 * the flat contract line, and a short script to read to the caller. Files nothing.
 */
export function createRoutingApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', operatorAuth(deps.config.operatorTokens))
  app.post('/', async (c) => {
    const body = await readJson(c, ComplaintBody)
    const decision = await previewRoute({ ctx: { ...contextOf(deps, c), routingLogs: deps.routingLogs }, input: body })
    deps.metrics?.countRouting(decision.kind)
    return c.json({
      decision,
      line: toContractLine(c.get('requestId'), decision),
      script: renderReply(decision, deps.prompts, 'operator'),
    })
  })
  return app
}
