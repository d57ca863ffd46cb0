import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { sql as rawSql, type SQLWrapper } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema.ts'

/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/** A handle on the open database. Callers never need to know the driver. */
export type DbHandle = {
  db: Db
  driver: 'pglite' | 'postgres'
  /** Runs raw SQL (a drizzle `sql` template or a string) and returns the rows. */
  execute<Row extends Record<string, unknown> = Record<string, unknown>>(query: SQLWrapper | string): Promise<Row[]>
  /** True when the database answers `select 1` within {@link PING_TIMEOUT_MS}. */
  ping(): Promise<boolean>
  /** Closes the database; PGlite must be closed or the process never exits. */
  close(): Promise<void>
}

export type CreateDbOptions = {
  /** A postgres:// URL: use PostgreSQL through postgres.js. Absent: embedded PGlite. */
  databaseUrl?: string
  /** PGlite's data folder (created if missing), or `'memory'`. Default `./data`. */
  dataDir?: string | 'memory'
  /**
   * An open PGlite instance to adopt instead of opening one, e.g. `await template.clone()`
   * in tests. The handle migrates it and closes it.
   */
  pglite?: PGlite
  /** postgres.js pool size. Default {@link DEFAULT_POOL_MAX}. */
  max?: number
}

export const DEFAULT_POOL_MAX = 10
export const PING_TIMEOUT_MS = 2_000
/** Resolved from this file, so migrations are found from any working directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url))
/** Key of the advisory lock that keeps instances starting together from migrating twice. */
const MIGRATION_LOCK_KEY = 7_240_311_026

/**
 * Opens the database and applies pending migrations from `drizzle/` (applying
 * them again changes nothing).
 *
 * @example
 * const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
 * const open = await handle.db.select().from(tickets).where(eq(tickets.status, 'open'))
 * await handle.close()
 */
export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  return options.databaseUrl === undefined ? openPglite(options) : openPostgres(options.databaseUrl, options)
}

async function openPglite(options: CreateDbOptions): Promise<DbHandle> {
  let client = options.pglite
  if (client === undefined) {
    const dataDir = options.dataDir ?? './data'
    if (dataDir === 'memory') {
      client = await PGlite.create()
    } else {
      await mkdir(dataDir, { recursive: true })
      client = await PGlite.create({ dataDir })
    }
  }
  const pglite = client
  try {
    const db = drizzlePglite({ client: pglite, schema })
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER })
    return {
      db,
      driver: 'pglite',
      async execute<Row extends Record<string, unknown>>(query: SQLWrapper | string) {
        const result = await db.execute(typeof query === 'string' ? rawSql.raw(query) : query)
        return result.rows as Row[]
      },
      ping: () => pingWith(async () => void (await pglite.query('select 1'))),
      async close() {
        if (!pglite.closed) await pglite.close()
      },
    }
  } catch (error) {
    if (!pglite.closed) await pglite.close()
    throw error
  }
}

async function openPostgres(databaseUrl: string, options: CreateDbOptions): Promise<DbHandle> {
  await migratePostgresOnce(databaseUrl)
  const client = postgres(databaseUrl, {
    max: options.max ?? DEFAULT_POOL_MAX,
    onnotice: () => {},
    connect_timeout: 10,
  })
  const db = drizzlePostgres({ client: preparingStatements(client), schema })
  return {
    db,
    driver: 'postgres',
    async execute<Row extends Record<string, unknown>>(query: SQLWrapper | string) {
      const rows = await db.execute(typeof query === 'string' ? rawSql.raw(query) : query)
      return [...rows] as Row[]
    },
    ping: () => pingWith(async () => void (await client`select 1`)),
    close: () => client.end({ timeout: 5 }),
  }
}

/**
 * drizzle runs every query through `client.unsafe(text, params, { prepare: false })`
 * unless it was named with `.prepare(name)`, and postgres.js then spends a round
 * trip describing a parameterised statement before it can execute it, and the
 * server plans it anew each time. This wrapper asks for named prepared
 * statements instead: postgres.js caches them per connection by text and
 * parameter types (the app has a bounded set of query shapes), so a repeated
 * query is one round trip with a cached plan. Transactions and savepoints get
 * the same wrapper.
 */
function preparingStatements(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true })
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => Promise<unknown>
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown
          return open(...args, (tx: postgres.Sql) => fn(preparingStatements(tx)))
        }
      }
      return Reflect.get(target, property, receiver)
    },
  })
}

/**
 * Migrates on one dedicated connection holding an advisory lock, so instances
 * that start together apply each migration once; ending the session frees the lock.
 */
async function migratePostgresOnce(databaseUrl: string): Promise<void> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER })
  } finally {
    await client.end({ timeout: 5 })
  }
}

async function pingWith(query: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)
  })
  try {
    return await Promise.race([query().then(() => true), timeout])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The rows of `db.execute(...)`, whichever driver ran it (postgres.js answers an
 * array, PGlite an object with `rows`).
 */
export function rowsOf<Row = Record<string, unknown>>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[]
  return ((result as { rows?: unknown[] } | null)?.rows ?? []) as Row[]
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}
