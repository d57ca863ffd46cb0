import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { DbHandle } from '../db/client.ts'
import type { Prompts } from '../dialogue/prompts.ts'
import type { Knowledge } from '../knowledge/index.ts'
import type { RoutingEngine } from '../routing/engine.ts'
import type { RoutingLogSink } from '../tickets/routing-log-sink.ts'
import type { Metrics } from './metrics.ts'
import type { RateLimiter } from './middleware/rate-limit.ts'

/**
 * Everything the HTTP app needs, built once in `src/main.ts` (tests build a
 * fake: `createTestDb()` for `db`, `pino({ level: 'silent' })` for `logger`, a
 * fixed clock; see `tests/http/deps.ts`).
 */
export type AppDeps = {
  config: Config
  knowledge: Knowledge
  db: DbHandle
  logger: Logger
  now: () => Date
  /** Built once at start-up (~200 ms) from `knowledge`. */
  engine: RoutingEngine
  /** Reply templates from `prompts/`. */
  prompts: Prompts
  /** Limits the public endpoints (chat, ticket status) per client. Default: 30 requests burst, 1 per second after. */
  rateLimiter?: RateLimiter
  /** Request and routing counters for `/metrics`; default: a fresh registry per app. */
  metrics?: Metrics
  /**
   * Where routing runs are logged: `main.ts` passes a batching sink (and closes
   * it on shutdown). Default: each run inserted with its request.
   */
  routingLogs?: RoutingLogSink
  /** Largest request body accepted, in bytes. Default 16 KB. */
  maxBodyBytes?: number
}
