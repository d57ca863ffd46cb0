import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { routePath } from 'hono/route'
import { secureHeaders } from 'hono/secure-headers'
import { AppError } from '../errors.ts'
import type { AppDeps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { errorBody, handleError } from './errors.ts'
import { createMetrics } from './metrics.ts'
import { buildOpenApi } from './openapi.ts'
import { createPagesApp } from './pages/index.ts'
import { createChatApp } from './routes/chat.ts'
import { createHealthApp } from './routes/health.ts'
import { createPublicApp } from './routes/public.ts'
import { createRoutingApp } from './routes/routing.ts'
import { createStatsApp } from './routes/stats.ts'
import { createExportApp, createTicketsApp } from './routes/tickets.ts'

/** Default largest request body. */
export const MAX_BODY_BYTES = 16 * 1024

/** The Content-Security-Policy of every response (the pages are built to it). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

/**
 * Refuses bodies over `maxSize` bytes (413). A declared Content-Length is
 * checked from the header alone; only chunked bodies go through hono's
 * `bodyLimit`, which counts while it reads. (`bodyLimit` on its own asks for
 * `c.req.raw.body` on every request, which makes @hono/node-server build a full
 * web `Request` and stream, bypassing its fast body reader: about a tenth of
 * the CPU of `POST /api/route`.)
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `the request body is larger than ${Math.round(maxSize / 1024)} KB`)
  }
  const counting = bodyLimit({ maxSize, onError: tooLarge })
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length === undefined || !/^\d+$/.test(length) || c.req.header('transfer-encoding') !== undefined) return counting(c, next)
    if (Number(length) > maxSize) tooLarge()
    return next()
  }
}

/**
 * Builds the HTTP app; it never listens (see `src/main.ts`), so tests call
 * `createApp(deps).request(path)` without a port. Every response carries
 * `X-Request-Id` and the security headers; every error is
 * `{ error: { code, message, requestId } }`.
 *
 * @example
 * const res = await createApp(deps).request('/api/chat/sessions', { method: 'POST' })
 * await res.json() // { sessionId: '…' }
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const metrics = deps.metrics ?? createMetrics()
  const withMetrics = { ...deps, metrics }
  const openApi = JSON.stringify(buildOpenApi(deps.knowledge.version))

  app.use('*', requestId({ limitLength: 64 }))
  app.use('*', async (c, next) => {
    const startedAt = performance.now()
    c.set('startedAt', startedAt)
    await next()
    const ms = performance.now() - startedAt
    const route = routePath(c)
    metrics.observeRequest(c.req.method, route, c.res.status, ms / 1000)
    // Path only: the query may hold an access code.
    const line = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(ms * 10) / 10 }
    if (route === '/healthz' || route === '/readyz' || route === '/metrics') deps.logger.debug(line, 'request')
    else deps.logger.info(line, 'request')
  })
  app.use('*', secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }))
  app.use('/api/*', limitBody(deps.maxBodyBytes ?? MAX_BODY_BYTES))

  app.route('/', createHealthApp(deps, metrics))
  app.route('/api/chat', createChatApp(withMetrics))
  app.route('/api/public', createPublicApp(withMetrics))
  app.route('/api/route', createRoutingApp(withMetrics))
  app.route('/api/tickets', createTicketsApp(withMetrics))
  app.route('/api', createExportApp(withMetrics))
  app.route('/api/stats', createStatsApp(withMetrics))
  app.get('/api/openapi.json', (c) => c.body(openApi, 200, { 'Content-Type': 'application/json; charset=utf-8' }))
  app.all('/api/*', (c) => c.json(errorBody(c, 'not_found', `no API endpoint ${c.req.method} ${c.req.path}`), 404))
  app.route('/', createPagesApp(deps))

  app.notFound((c) => c.json(errorBody(c, 'not_found', `nothing at ${c.req.path}`), 404))
  app.onError((error, c) => handleError(error, c, deps.logger))
  return app
}
