import { pino } from 'pino'
import { parseConfig } from '../../src/config.ts'
import type { DbHandle } from '../../src/db/client.ts'
import { loadPrompts } from '../../src/dialogue/prompts.ts'
import type { AppDeps } from '../../src/http/deps.ts'
import { createNoopRateLimiter } from '../../src/http/middleware/rate-limit.ts'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.ts'
import { createRoutingEngine, type RoutingEngine } from '../../src/routing/index.ts'

/** The operator token tests send. */
export const TOKEN = 'test-operator-token-0123456789'
export const AUTH = { Authorization: `Bearer ${TOKEN}` }

let engine: RoutingEngine | undefined
/** One engine per test process (building it takes ~200 ms). */
export function testEngine(): RoutingEngine {
  engine ??= createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
  return engine
}

/** Deps for `createApp` on `db`: silent logger, fixed clock, no rate limit unless overridden. */
export function testDeps(db: DbHandle, overrides: Partial<AppDeps> = {}): AppDeps {
  const e = testEngine()
  return {
    config: { ...parseConfig({}), operatorTokens: [TOKEN] },
    knowledge: e.knowledge,
    db,
    logger: pino({ level: 'silent' }),
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
