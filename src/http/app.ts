import { Hono } from 'hono'
import type { AppDeps } from './deps.ts'

/**
 * Builds the HTTP app; it never listens (see `src/main.ts`), so tests call
 * `createApp(deps).request(path)` without a port.
 *
 * `GET /healthz` → 200 `{ status: 'ok', knowledgeVersion, database: { driver, ok: true } }`,
 * or 503 with `status: 'unavailable'` and `ok: false` when the database does not answer.
 *
 * @example
 * const res = await createApp(deps).request('/healthz')
 * await res.json() // { status: 'ok', knowledgeVersion: '…', database: { driver: 'pglite', ok: true } }
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono()

  app.get('/healthz', async (c) => {
    const ok = await deps.db.ping()
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        status: ok ? 'ok' : 'unavailable',
        knowledgeVersion: deps.knowledge.version,
        database: { driver: deps.db.driver, ok },
      },
      ok ? 200 : 503,
    )
  })

  return app
}
