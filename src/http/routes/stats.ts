import { Hono } from 'hono'
import { getStats } from '../../tickets/index.ts'
import type { AppDeps } from '../deps.ts'
import { contextOf, type AppEnv } from '../env.ts'
import { operatorAuth } from '../middleware/auth.ts'
import { TicketFiltersQuery } from '../schemas.ts'
import { readQuery } from '../validate.ts'
import { departmentRef } from '../views.ts'

/** `GET /api/stats` (operator): counts by department, matter, channel and day, and override rates. */
export function createStatsApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', operatorAuth(deps.config.operatorTokens))
  app.get('/', async (c) => {
    const stats = await getStats({ ctx: contextOf(deps, c), input: readQuery(c, TicketFiltersQuery) })
    c.header('Cache-Control', 'no-store')
    return c.json({
      ...stats,
      byDepartment: stats.byDepartment.map((row) => ({ ...row, department: departmentRef(deps.knowledge, row.key) })),
      overrideRate: stats.overrideRate.map((row) => ({ ...row, department: departmentRef(deps.knowledge, row.departmentId) })),
    })
  })
  return app
}
