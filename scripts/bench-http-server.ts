/**
 * One server for `npm run bench:http`, forked by `scripts/bench-http.ts` so the
 * load generator and the service never share a thread (as in production, where
 * callers are other machines). Arguments: `baseline` (hello-world Hono),
 * `pglite` (the app on in-memory PGlite) or a PostgreSQL URL (the app on it), then the operator token.
 * Sends `{ url }` to the parent once listening; stops, flushing the routing-log
 * sink and closing the database, on the parent's `stop` message.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { pino } from 'pino'
import { parseConfig } from '../src/config.ts'
import { createDb } from '../src/db/client.ts'
import { loadPrompts } from '../src/dialogue/prompts.ts'
import { createApp } from '../src/http/app.ts'
import { createNoopRateLimiter } from '../src/http/middleware/rate-limit.ts'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/index.ts'
import { createRoutingEngine } from '../src/routing/engine.ts'
import { createBatchingRoutingLogSink } from '../src/tickets/routing-log-sink.ts'

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    )
  })
}

async function start(target: string, token: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (target === 'baseline') {
    const { server, url } = await listen(new Hono().get('/', (c) => c.text('Hello Hono!')).fetch)
    return { url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  }
  const engine = createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
  const db =
    target === 'pglite'
      ? await createDb({ dataDir: 'memory' })
      : await createDb({ databaseUrl: target, max: Number(process.env.BENCH_POOL ?? 10) })
  // Production logs at info: write them to /dev/null but keep the serialisation cost.
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info' }, pino.destination({ dest: '/dev/null', sync: false }))
  // As in main.ts: routing runs are written in batches.
  const routingLogs = createBatchingRoutingLogSink({ db: db.db, logger })
  const app = createApp({
    config: { ...parseConfig({}), operatorTokens: [token] },
    knowledge: engine.knowledge,
    db,
    logger,
    routingLogs,
    now: () => new Date(),
    engine,
    prompts: loadPrompts(),
    rateLimiter: createNoopRateLimiter(),
  })
  const { server, url } = await listen(app.fetch)
  return {
    url,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await routingLogs.close()
      await db.close()
    },
  }
}

const [target, token] = process.argv.slice(2)
if (!target || !token || !process.send) {
  console.error('usage: forked by scripts/bench-http.ts with baseline | pglite | postgres://… and a token')
  process.exit(2)
}
start(target, token).then(
  ({ url, stop }) => {
    process.on('message', (message) => {
      if (message === 'stop') void stop().then(() => process.exit(0))
    })
    process.send?.({ url })
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
