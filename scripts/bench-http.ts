/**
 * HTTP benchmark (`npm run bench:http`): autocannon on loopback, one run of
 * BENCH_SECONDS (default 5) per target with BENCH_CONNECTIONS (default 10):
 * a hello-world Hono baseline on the same @hono/node-server, POST /api/route,
 * and POST /api/tickets on PGlite (in memory) and on PostgreSQL when reachable
 * (BENCH_DATABASE_URL, DATABASE_URL, or the local test server; a fresh database
 * is created for the run and dropped after). Prints req/s, p50, p99 and the
 * ratio to the baseline. BENCH_POOL sets the postgres.js pool size (default 10);
 * BENCH_ONLY=baseline,pglite,postgres runs some targets only (e.g. under
 * `node --import tsx --cpu-prof scripts/bench-http.ts`).
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
// @ts-expect-error autocannon publishes no types (and @types/autocannon is not installed)
import autocannonUntyped from 'autocannon'
import { Hono } from 'hono'
import { pino } from 'pino'
import postgres from 'postgres'
import { parseConfig } from '../src/config.ts'
import { createDb, type DbHandle } from '../src/db/client.ts'
import { loadPrompts } from '../src/dialogue/prompts.ts'
import { createApp } from '../src/http/app.ts'
import { createNoopRateLimiter } from '../src/http/middleware/rate-limit.ts'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/index.ts'
import { createRoutingEngine } from '../src/routing/engine.ts'
import { createBatchingRoutingLogSink } from '../src/tickets/routing-log-sink.ts'

/** The part of autocannon this script uses. */
declare namespace autocannon {
  type Request = { method?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request) => Request }
  type Options = { url?: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; requests?: Request[] }
  type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }
}
const autocannon = autocannonUntyped as (options: autocannon.Options) => Promise<autocannon.Result>

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const TOKEN = 'bench-token'
const LOCAL_PG = 'postgres://complaint_router:complaint_router@127.0.0.1:5432/complaint_router_test'
const ONLY = new Set((process.env.BENCH_ONLY ?? 'baseline,pglite,postgres').split(','))
const COMPLAINTS = ['加油站加油机少加油', '超市的秤不准', '小区电梯困人了', '在网上买的衣服质量差', '饭店的煤气罐漏气了']

type Result = { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    )
  })
}

async function run(name: string, opts: autocannon.Options): Promise<Result> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts })
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

function deps(db: DbHandle, engine: ReturnType<typeof createRoutingEngine>) {
  // Production logs at info; write them to /dev/null-equivalent but keep the serialisation cost.
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info' }, pino.destination({ dest: '/dev/null', sync: false }))
  return {
    config: { ...parseConfig({}), operatorTokens: [TOKEN] },
    knowledge: engine.knowledge,
    db,
    logger,
    // As in main.ts: routing runs are written in batches.
    routingLogs: createBatchingRoutingLogSink({ db: db.db, logger }),
    now: () => new Date(),
    engine,
    prompts: loadPrompts(),
    rateLimiter: createNoopRateLimiter(),
  }
}

let seq = 0
function ticketRequests(): autocannon.Options['requests'] {
  return [
    {
      method: 'POST',
      setupRequest: (req: autocannon.Request) => {
        seq += 1
        return {
          ...req,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            authorization: `Bearer ${TOKEN}`,
            'idempotency-key': `bench-${process.pid}-${seq}`,
          },
          body: JSON.stringify({ text: COMPLAINTS[seq % COMPLAINTS.length], channel: 'hotline' }),
        }
      },
    },
  ]
}

async function benchApp(name: string, db: DbHandle, engine: ReturnType<typeof createRoutingEngine>, results: Result[]) {
  const appDeps = deps(db, engine)
  const { server, url } = await listen(createApp(appDeps).fetch)
  try {
    if (name === 'pglite') {
      results.push(
        await run('POST /api/route', {
          url: `${url}/api/route`,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ text: '超市的秤不准，称出来少了二两' }),
        }),
      )
    }
    results.push(await run(`POST /api/tickets (${name})`, { url: `${url}/api/tickets`, requests: ticketRequests() }))
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await appDeps.routingLogs.close()
  }
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 })
  }
}

async function main(): Promise<void> {
  const results: Result[] = []
  if (ONLY.has('baseline')) {
    const hello = new Hono().get('/', (c) => c.text('Hello Hono!'))
    const baseline = await listen(hello.fetch)
    results.push(await run('baseline hello-world', { url: baseline.url }))
    await new Promise<void>((resolve) => baseline.server.close(() => resolve()))
  }

  const engine = createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
  if (ONLY.has('pglite')) {
    const pglite = await createDb({ dataDir: 'memory' })
    try {
      await benchApp('pglite', pglite, engine, results)
    } finally {
      await pglite.close()
    }
  }

  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? LOCAL_PG
  if (!ONLY.has('postgres')) {
    // skipped on request
  } else if (await reachable(adminUrl)) {
    const name = `crbench_${randomBytes(4).toString('hex')}`
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    await admin`create database ${admin(name)}`
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    try {
      const pg = await createDb({ databaseUrl: url.toString(), max: Number(process.env.BENCH_POOL ?? 10) })
      try {
        await benchApp('postgres', pg, engine, results)
      } finally {
        await pg.close()
      }
    } finally {
      await admin`drop database if exists ${admin(name)} with (force)`
      await admin.end({ timeout: 5 })
    }
  } else {
    console.log(`PostgreSQL not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//…@')}: skipped`)
  }

  const base = results.find((r) => r.name === 'baseline hello-world')?.rps ?? Number.NaN
  console.log(`\n${SECONDS}s per target, ${CONNECTIONS} connections, loopback\n`)
  console.log('target'.padEnd(34), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'x base'.padStart(8), 'non2xx'.padStart(7))
  for (const r of results) {
    console.log(
      r.name.padEnd(34),
      r.rps.toFixed(0).padStart(9),
      String(r.p50).padStart(8),
      String(r.p99).padStart(8),
      (r.rps / base).toFixed(3).padStart(8),
      String(r.non2xx + r.errors).padStart(7),
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
