import { serve } from '@hono/node-server'
import { pino, type Logger } from 'pino'
import { ConfigError, parseConfig } from './config.ts'
import { createDb, type DbHandle } from './db/client.ts'
import { createApp } from './http/app.ts'
import type { AppDeps } from './http/deps.ts'
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from './knowledge/index.ts'
import { loadPrompts, PromptError } from './dialogue/prompts.ts'
import { createRoutingEngine } from './routing/engine.ts'
import { createBatchingRoutingLogSink, type RoutingLogSink } from './tickets/routing-log-sink.ts'
import { randomBytes } from 'node:crypto'

/** How long shutdown waits for open requests before exiting anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000

/** Start-up only: config → knowledge → database → app → listen, and a clean shutdown. */
async function main(): Promise<void> {
  const config = parseConfig(process.env)
  const logger = pino({ level: config.logLevel, base: { service: 'complaint-router' } })
  const knowledge = loadKnowledge({ dir: config.knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR })
  const engine = createRoutingEngine({ knowledge })
  const prompts = loadPrompts()
  if (config.operatorTokens.length === 0) {
    // Convenience for `npm start` on a workstation: one random token for this run only.
    const token = randomBytes(24).toString('base64url')
    config.operatorTokens = [token]
    logger.warn(
      { operatorToken: token },
      'OPERATOR_TOKENS is not set: generated a one-time operator token for this run (it changes on every start). ' +
        'Set OPERATOR_TOKENS=token1,token2 (long random strings, e.g. `openssl rand -base64 24`) to keep tokens stable.',
    )
  }
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  logger.info({ driver: db.driver, knowledgeVersion: knowledge.version }, 'database ready')

  // Routing telemetry is batched: a crash loses at most about one batch of it, never a ticket.
  const routingLogs = createBatchingRoutingLogSink({ db: db.db, logger })
  const deps: AppDeps = { config, knowledge, db, logger, now: () => new Date(), engine, prompts, routingLogs }
  const app = createApp(deps)
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
    logger.info({ url: `http://${host}:${info.port}` }, 'listening')
  })

  let stopping = false
  const stop = async (reason: string, code: number): Promise<void> => {
    if (stopping) return
    stopping = true
    logger.info({ reason }, 'shutting down')
    setTimeout(() => {
      logger.warn('shutdown timed out; exiting')
      process.exit(code || 1)
    }, SHUTDOWN_TIMEOUT_MS).unref()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      // Idle keep-alive sockets would hold close() open until they time out.
      if ('closeIdleConnections' in server) server.closeIdleConnections()
    })
    await closeSink(routingLogs, logger)
    await closeDb(db, logger)
    process.exit(code)
  }

  server.on('error', (error: NodeJS.ErrnoException) => {
    const message =
      error.code === 'EADDRINUSE' ? `${config.host}:${config.port} is already in use (set PORT or HOST)` : error.message
    logger.fatal({ err: error }, message)
    void stop(message, 1)
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C means "now".
      if (stopping) process.exit(130)
      void stop(signal, 0)
    })
  }
}

/** Stores the routing runs still buffered; runs after the server stopped taking requests. */
async function closeSink(sink: RoutingLogSink, logger: Logger): Promise<void> {
  try {
    await sink.close()
  } catch (error) {
    logger.error({ err: error }, 'flushing the routing logs failed')
  }
}

async function closeDb(db: DbHandle, logger: Logger): Promise<void> {
  try {
    await db.close()
  } catch (error) {
    logger.error({ err: error }, 'closing the database failed')
  }
}

main().catch((error: unknown) => {
  // Misconfiguration gets a plain message, not a stack trace.
  if (error instanceof ConfigError || error instanceof KnowledgeError || error instanceof PromptError) {
    console.error(`complaint-router: ${error.message}`)
  } else {
    console.error('complaint-router: start-up failed:', error)
  }
  process.exit(1)
})
