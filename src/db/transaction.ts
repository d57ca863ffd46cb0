import type { Db } from './client.ts'

/** An open transaction; it can do everything {@link Db} can. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * What every repository verb receives: the database, the clock (never read
 * `Date` inside a verb) and, when the caller already opened one, a transaction.
 */
export type DbContext = {
  db: Db
  now: () => Date
  tx?: Tx
}

/**
 * Runs `fn` in a transaction. When `ctx.tx` is set it reuses that transaction,
 * inside a savepoint: the caller's commit or rollback decides the outcome, and
 * a failure of `fn` still undoes only `fn`'s own writes (so a caller that
 * catches the error can carry on, which PostgreSQL would otherwise refuse).
 *
 * @example
 * await withTransaction(ctx, async (tx) => {
 *   await createTicket({ ctx: { ...ctx, tx }, input })   // joins this transaction
 *   await logRouting({ ctx: { ...ctx, tx }, input: log }) // both or neither
 * })
 */
export function withTransaction<T>(ctx: DbContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (ctx.tx !== undefined) return ctx.tx.transaction(fn)
  return ctx.db.transaction(fn)
}

/** The transaction if there is one, else the database: for reads inside verbs. */
export function executorOf(ctx: DbContext): Db {
  return ctx.tx ?? ctx.db
}
