import { Hono, type Context } from 'hono'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import type { Metrics } from '../metrics.ts'

/**
 * `GET /healthz` (alive; 503 when the database does not answer), `GET /readyz`
 * (database reachable and knowledge loaded; 503 when not), `GET /metrics` (Prometheus).
 */
export function createHealthApp(deps: AppDeps, metrics: Metrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const probe = async (c: Context<AppEnv>) => {
    const ok = await deps.db.ping()
    c.header('Cache-Control', 'no-store')
    return c.json(
      { status: ok ? 'ok' : 'unavailable', knowledgeVersion: deps.knowledge.version, database: { driver: deps.db.driver, ok } },
      ok ? 200 : 503,
    )
  }
  app.get('/healthz', probe)
  app.get('/readyz', probe)
  app.get('/metrics', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
  return app
}
