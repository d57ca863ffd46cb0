/**
 * HTTP benchmark (`npm run bench:http`): autocannon on loopback, one run of
 * BENCH_SECONDS (default 5) per target with BENCH_CONNECTIONS (default 10):
 * a hello-world Hono baseline on the same @hono/node-server, POST /api/route,
 * and POST /api/tickets on PGlite (in memory) and on PostgreSQL when reachable
 * (BENCH_DATABASE_URL, DATABASE_URL, or the local test server; a fresh database
 * is created for the run and dropped after). Each server runs in its own
 * process (`scripts/bench-http-server.ts`), so autocannon and the service do
 * not share a thread. Prints req/s, p50, p99 and the ratio to the baseline.
 * BENCH_POOL sets the postgres.js pool size (default 10);
 * BENCH_ONLY=baseline,route,pglite,postgres runs some targets only.
 * BENCH_PROFILE=1 writes a CPU profile of each server to ./bench-profiles.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
// @ts-expect-error autocannon publishes no types (and @types/autocannon is not installed)
import autocannonUntyped from 'autocannon'
import postgres from 'postgres'

/** The part of autocannon this script uses. */
declare namespace autocannon {
  type Request = { method?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request) => Request }
  type Options = { url?: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; requests?: Request[] }
  type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }
}
const autocannon = autocannonUntyped as (options: autocannon.Options) => Promise<autocannon.Result>

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const BENCH_TOKEN = 'bench-token'
const LOCAL_PG = 'postgres://complaint_router:complaint_router@127.0.0.1:5432/complaint_router_test'
const ONLY = new Set((process.env.BENCH_ONLY ?? 'baseline,route,pglite,postgres').split(','))
const SERVER = fileURLToPath(new URL('./bench-http-server.ts', import.meta.url))
/** Varied complaints, so nothing downstream sees one text over and over. */
const COMPLAINTS = [
  '加油站加油机少加油',
  '超市的秤不准，称出来少了二两',
  '小区电梯困人了',
  '在网上买的衣服质量差',
  '饭店的煤气罐漏气了',
  '商场买的鞋子穿了一个星期就开胶掉底了',
  '出租车计价器跳得特别快',
  '楼下锅炉房的锅炉好几年没检验了',
  '这个厂家生产的电线没有生产许可证',
  '水表走得太快了，家里没人用水也在转',
]

type Result = { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }

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

/** Forks a server (see bench-http-server.ts), waits for its URL, and returns a stopper. */
async function startServer(target: string, profileName: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const execArgv = ['--import', 'tsx']
  if (process.env.BENCH_PROFILE) execArgv.push('--cpu-prof', `--cpu-prof-dir=bench-profiles/${profileName}`)
  const child: ChildProcess = fork(SERVER, [target, BENCH_TOKEN], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => [null])])) as [{ url: string } | null]
  if (!message) throw new Error(`the ${profileName} server exited before listening`)
  return {
    url: message.url,
    stop: async () => {
      const exited = once(child, 'exit')
      child.send('stop')
      await exited
    },
  }
}

let seq = 0
function pick(): string {
  seq += 1
  return COMPLAINTS[seq % COMPLAINTS.length] as string
}

function routeRequests(): autocannon.Options['requests'] {
  return [
    {
      method: 'POST',
      setupRequest: (req: autocannon.Request) => ({
        ...req,
        headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
        body: JSON.stringify({ text: pick() }),
      }),
    },
  ]
}

function ticketRequests(): autocannon.Options['requests'] {
  return [
    {
      method: 'POST',
      setupRequest: (req: autocannon.Request) => {
        const text = pick()
        return {
          ...req,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            authorization: `Bearer ${BENCH_TOKEN}`,
            'idempotency-key': `bench-${process.pid}-${seq}`,
          },
          body: JSON.stringify({ text, channel: 'hotline' }),
        }
      },
    },
  ]
}

async function benchApp(name: string, target: string, results: Result[]): Promise<void> {
  const { url, stop } = await startServer(target, name)
  try {
    if (name === 'pglite' && ONLY.has('route')) {
      results.push(await run('POST /api/route', { url: `${url}/api/route`, requests: routeRequests() }))
    }
    if (ONLY.has(name)) results.push(await run(`POST /api/tickets (${name})`, { url: `${url}/api/tickets`, requests: ticketRequests() }))
  } finally {
    await stop()
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
    const baseline = await startServer('baseline', 'baseline')
    try {
      results.push(await run('baseline hello-world', { url: baseline.url }))
    } finally {
      await baseline.stop()
    }
  }

  if (ONLY.has('pglite') || ONLY.has('route')) await benchApp('pglite', 'pglite', results)

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
      await benchApp('postgres', url.toString(), results)
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
