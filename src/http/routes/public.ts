import { Hono } from 'hono'
import { AppError } from '../../errors.ts'
import { lookupPublicTicket } from '../../tickets/index.ts'
import type { AppDeps } from '../deps.ts'
import { contextOf, type AppEnv } from '../env.ts'
import { createTokenBucketLimiter, rateLimit } from '../middleware/rate-limit.ts'
import { PublicTicketQuery } from '../schemas.ts'
import { readQuery } from '../validate.ts'
import { publicTicketView } from '../views.ts'

/**
 * `GET /api/public/tickets/:number?code=…` (public, rate-limited): status and
 * department for the citizen. A wrong code answers exactly as an unknown number.
 */
export function createPublicApp(deps: AppDeps, limiter = deps.rateLimiter ?? createTokenBucketLimiter({ burst: 30, perSecond: 1 })): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', rateLimit(limiter))
  app.get('/tickets/:number', async (c) => {
    const { code } = readQuery(c, PublicTicketQuery)
    const ticket = await lookupPublicTicket({ ctx: contextOf(deps, c), input: { number: c.req.param('number'), code } })
    if (ticket === null) throw new AppError('not_found', 'no ticket with this number and access code')
    c.header('Cache-Control', 'no-store')
    return c.json(publicTicketView(deps.knowledge, ticket))
  })
  return app
}
