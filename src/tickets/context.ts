import type { DbContext } from '../db/transaction.ts'
import type { Prompts } from '../dialogue/prompts.ts'
import type { RoutingEngine } from '../routing/engine.ts'

/**
 * What verbs that route receive: the database context plus the engine, the
 * reply templates, and a stopwatch the caller started (the HTTP layer starts it
 * when the request arrives), read for the routing log's latency.
 */
export type RoutingContext = DbContext & {
  engine: RoutingEngine
  prompts: Prompts
  elapsedMs: () => number
}
