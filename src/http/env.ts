import type { Context } from 'hono'
import type { RoutingContext } from '../tickets/context.ts'
import type { AppDeps } from './deps.ts'

/** Variables set by the app's middleware. */
export type AppEnv = {
  Variables: {
    requestId: string
    /** `performance.now()` when the request arrived. */
    startedAt: number
    /** Set by operatorAuth: `operator:<hash prefix>`. */
    actor: string
  }
}

/** The verbs' context for this request; its stopwatch started when the request arrived. */
export function contextOf(deps: AppDeps, c: Context<AppEnv>): RoutingContext {
  const startedAt = c.get('startedAt')
  return {
    db: deps.db.db,
    now: deps.now,
    engine: deps.engine,
    prompts: deps.prompts,
    elapsedMs: () => performance.now() - startedAt,
  }
}
