import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { DbHandle } from '../db/client.ts'
import type { Knowledge } from '../knowledge/index.ts'

/**
 * Everything the HTTP app needs, built once in `src/main.ts` (tests build a
 * fake: `createTestDb()` for `db`, `pino({ level: 'silent' })` for `logger`, a fixed clock).
 */
export type AppDeps = {
  config: Config
  knowledge: Knowledge
  db: DbHandle
  logger: Logger
  now: () => Date
}
