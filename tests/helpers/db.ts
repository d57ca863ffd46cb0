import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { createDb, type DbHandle } from '../../src/db/client.ts'
import type { DbContext } from '../../src/db/transaction.ts'

/**
 * Databases for tests, fresh and migrated, on either driver.
 *
 * - `pglite` (always available): an in-memory PGlite started from a snapshot of
 *   one migrated template, made once per test process (~3 s), each database
 *   after that ~0.4 s. Independent of every other test database.
 * - `postgres` (when `TEST_DATABASE_URL` is set, as `.ci/run` does): a new
 *   database created on that server (the role needs CREATEDB), migrated, and
 *   dropped again by `close()`.
 *
 * @example
 * import { createTestDb, TEST_DRIVERS, testContext } from '../helpers/db.ts'
 *
 * describe.each(TEST_DRIVERS)('tickets on %s', (driver) => {
 *   let handle: DbHandle
 *   beforeEach(async () => { handle = await createTestDb({ driver }) })
 *   afterEach(async () => { await handle.close() }) // always close: PGlite keeps the process alive
 *
 *   it('files a ticket', async () => {
 *     const ctx = testContext(handle, new Date('2026-11-26T02:00:00Z'))
 *     await createTicket({ ctx, input })
 *   })
 * })
 *
 * // HTTP tests: createApp({ ...deps, db: await createTestDb() }).request('/healthz')
 */
export type TestDriver = 'pglite' | 'postgres'

/** `TEST_DATABASE_URL`, when PostgreSQL tests should run. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined

/** The drivers to run shared suites on: `['pglite']`, plus `'postgres'` with `TEST_DATABASE_URL`. */
export const TEST_DRIVERS: readonly TestDriver[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/** Prefix of the databases the `postgres` driver creates; `.ci/run` drops leftovers. */
export const TEST_DATABASE_PREFIX = 'crtest_'

/**
 * Returns a new, empty, migrated database. Close it when done (`afterEach`).
 * Throws for `postgres` when `TEST_DATABASE_URL` is not set.
 */
export async function createTestDb(options: { driver?: TestDriver } = {}): Promise<DbHandle> {
  const driver = options.driver ?? 'pglite'
  return driver === 'pglite' ? createPgliteTestDb() : createPostgresTestDb()
}

/**
 * A {@link DbContext} on `handle` with a fixed clock (or a clock function).
 *
 * @example
 * const ctx = testContext(handle, new Date('2026-11-26T02:00:00Z'))
 */
export function testContext(handle: DbHandle, now: Date | (() => Date) = new Date('2026-11-26T02:00:00Z')): DbContext {
  return { db: handle.db, now: typeof now === 'function' ? now : () => now }
}

let template: Promise<Blob> | undefined

/** Snapshot of a migrated PGlite data folder, made once per process. */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const pglite = await PGlite.create()
    const migrated = await createDb({ pglite })
    try {
      return await pglite.dumpDataDir('none')
    } finally {
      await migrated.close()
    }
  })()
  return template
}

async function createPgliteTestDb(): Promise<DbHandle> {
  const pglite = await PGlite.create({ loadDataDir: await pgliteTemplate() })
  return createDb({ pglite })
}

async function createPostgresTestDb(): Promise<DbHandle> {
  if (TEST_DATABASE_URL === undefined) throw new Error('createTestDb({ driver: "postgres" }) needs TEST_DATABASE_URL')
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`
  await admin(TEST_DATABASE_URL, (sql) => sql`create database ${sql(name)}`)
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  let handle: DbHandle
  try {
    handle = await createDb({ databaseUrl: url.toString(), max: 5 })
  } catch (error) {
    await dropDatabase(TEST_DATABASE_URL, name)
    throw error
  }
  return {
    ...handle,
    async close() {
      await handle.close()
      await dropDatabase(TEST_DATABASE_URL, name)
    },
  }
}

function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return admin(adminUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`)
}

async function admin(url: string, run: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await run(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}
