import { pino } from 'pino'
import { afterAll, beforeAll } from 'vitest'
import { createApp } from '../../src/http/app.ts'
import { createTestDb, type TestDriver } from '../helpers/db.ts'
import { parseConfig } from '../../src/config.ts'
import type { DbHandle } from '../../src/db/client.ts'
import { loadPrompts } from '../../src/dialogue/prompts.ts'
import type { AppDeps } from '../../src/http/deps.ts'
import { createNoopRateLimiter } from '../../src/http/middleware/rate-limit.ts'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.ts'
import { createRoutingEngine, type RoutingEngine } from '../../src/routing/index.ts'
import { createBatchingRoutingLogSink, type RoutingLogSink } from '../../src/tickets/routing-log-sink.ts'

/** The operator token tests send. */
export const TOKEN = 'test-operator-token-0123456789'
export const AUTH = { Authorization: `Bearer ${TOKEN}` }

let engine: RoutingEngine | undefined
/** One engine per test process (building it takes ~200 ms). */
export function testEngine(): RoutingEngine {
  engine ??= createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
  return engine
}

/**
 * Deps for `createApp` on `db`: silent logger, fixed clock, no rate limit unless
 * overridden, and the batching routing-log sink production uses (flush it
 * before reading `routing_logs`: `await deps.routingLogs.flush()`).
 */
export function testDeps(db: DbHandle, overrides: Partial<AppDeps> = {}): AppDeps & { routingLogs: RoutingLogSink } {
  const e = testEngine()
  const logger = pino({ level: 'silent' })
  return {
    routingLogs: createBatchingRoutingLogSink({ db: db.db, logger }),
    config: { ...parseConfig({}), operatorTokens: [TOKEN] },
    knowledge: e.knowledge,
    db,
    logger,
    now: () => new Date('2026-11-26T02:00:00Z'),
    engine: e,
    prompts: loadPrompts(),
    rateLimiter: createNoopRateLimiter(),
    ...overrides,
  }
}

/** A JSON request init. */
export function json(body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/**
 * A fresh database, deps and app for one `describe` block, closed after it: call inside
 * `describe.each(TEST_DRIVERS)` and read the fields in tests (they are set in `beforeAll`).
 *
 * @example
 * const t = useTestApp(driver)
 * it('…', async () => { const res = await t.app.request('/healthz') })
 */
export function useTestApp(driver: TestDriver, overrides: Partial<AppDeps> = {}) {
  const t = {} as { db: DbHandle; deps: ReturnType<typeof testDeps>; app: ReturnType<typeof createApp> }
  beforeAll(async () => {
    t.db = await createTestDb({ driver })
    t.deps = testDeps(t.db, overrides)
    t.app = createApp(t.deps)
  })
  afterAll(async () => {
    await t.deps.routingLogs.close()
    await t.db.close()
  })
  return t
}
