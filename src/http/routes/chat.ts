import { Hono } from 'hono'
import { createSession, getSession, postMessage } from '../../chat/index.ts'
import { AppError } from '../../errors.ts'
import type { AppDeps } from '../deps.ts'
import { contextOf, type AppEnv } from '../env.ts'
import { rateLimit, createTokenBucketLimiter } from '../middleware/rate-limit.ts'
import { ComplaintBody } from '../schemas.ts'
import { readJson } from '../validate.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function sessionIdOf(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found', 'no such chat session; start a new one')
  return id.toLowerCase()
}

/**
 * The citizens' chat, mounted at `/api/chat` (public, rate-limited):
 * `POST /sessions` → `{ sessionId }`; `POST /sessions/:id/messages` `{ text }` →
 * `{ reply, decision, ticket }`; `GET /sessions/:id` → the transcript.
 */
export function createChatApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', rateLimit(deps.rateLimiter ?? createTokenBucketLimiter({ burst: 30, perSecond: 1 })))

  app.post('/sessions', async (c) => {
    const session = await createSession({ ctx: contextOf(deps, c), input: {} })
    return c.json({ sessionId: session.id }, 201)
  })

  app.post('/sessions/:id/messages', async (c) => {
    const sessionId = sessionIdOf(c.req.param('id'))
    const body = await readJson(c, ComplaintBody)
    const result = await postMessage({ ctx: { ...contextOf(deps, c), routingLogs: deps.routingLogs }, input: { sessionId, text: body.text } })
    deps.metrics?.countRouting(result.decision.kind)
    return c.json({ reply: result.reply, decision: result.view, ticket: result.ticket })
  })

  app.get('/sessions/:id', async (c) => {
    const session = await getSession({ ctx: contextOf(deps, c), input: { id: sessionIdOf(c.req.param('id')) } })
    if (session === null) throw new AppError('not_found', 'no such chat session; start a new one')
    c.header('Cache-Control', 'no-store')
    return c.json({
      sessionId: session.id,
      createdAt: session.createdAt.toISOString(),
      messages: session.messages.map((message) => {
        const stored = (message.decision ?? {}) as { decision?: unknown; ticket?: unknown }
        return {
          role: message.role,
          text: message.text,
          decision: stored.decision ?? null,
          ticket: stored.ticket ?? null,
          createdAt: message.createdAt.toISOString(),
        }
      }),
    })
  })

  return app
}
