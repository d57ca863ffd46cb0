import { sql } from 'drizzle-orm'
import { rowsOf, type Db } from '../db/client.ts'

/**
 * Numbers per block: one short autocommit statement on `ticket_counters` per
 * this many tickets of an instance, instead of a row lock held by every ticket
 * until its commit.
 */
export const TICKET_NUMBER_BLOCK_SIZE = 50
/** Days whose blocks an allocator keeps; older days' unused numbers are forgotten. */
const KEPT_DAYS = 3

/** A sequence number of a day, handed out to one caller. */
export type ReservedTicketNumber = { day: string; sequence: number }

/**
 * Hands out ticket sequence numbers per day from blocks it claims on the shared
 * `ticket_counters` row (hi/lo): numbers are unique across every instance on
 * the database, and consecutive within one instance's block.
 *
 * Trade-off: an instance that stops (or forgets an old day) leaves the rest of
 * its block unused, so the day's numbers can have gaps, e.g. `…-0012` then
 * `…-0051` after a restart. Numbers stay unique and readable (`YYYYMMDD-NNNN`).
 *
 * Call `reserve` outside any transaction: a block is claimed with its own
 * short statement on `db`, which inside a transaction would either wait for a
 * free pool connection (PostgreSQL) or for the transaction itself (PGlite).
 */
export type TicketNumberAllocator = {
  /** The next free number of `day`; claims a new block when this one is used up (concurrent callers share that claim). */
  reserve(day: string): Promise<ReservedTicketNumber>
  /** Gives back a number that was certainly not stored, so the next caller gets it. */
  release(number: ReservedTicketNumber): void
}

type DayBlock = { next: number; end: number; free: number[]; claiming?: Promise<void> }

/**
 * @example
 * const numbers = createTicketNumberAllocator({ db: handle.db })
 * const { day, sequence } = await numbers.reserve('20261126') // { day: '20261126', sequence: 1 }
 */
export function createTicketNumberAllocator({
  db,
  blockSize = TICKET_NUMBER_BLOCK_SIZE,
}: {
  db: Db
  blockSize?: number
}): TicketNumberAllocator {
  const days = new Map<string, DayBlock>()

  function blockOf(day: string): DayBlock {
    let block = days.get(day)
    if (block === undefined) {
      block = { next: 1, end: 0, free: [] }
      days.set(day, block)
      // Maps iterate in insertion order: the first key is the oldest day.
      if (days.size > KEPT_DAYS) days.delete(days.keys().next().value as string)
    }
    return block
  }

  async function claim(day: string, block: DayBlock): Promise<void> {
    const rows = await db.execute(sql`
      insert into ticket_counters (day, last) values (${day}, ${blockSize})
      on conflict (day) do update set last = ticket_counters.last + ${blockSize}
      returning last`)
    const last = Number(rowsOf(rows)[0]?.last)
    if (!Number.isInteger(last)) throw new Error(`ticket counter for ${day} returned no row`)
    block.next = last - blockSize + 1
    block.end = last
  }

  return {
    async reserve(day) {
      for (;;) {
        const block = blockOf(day)
        const freed = block.free.shift()
        if (freed !== undefined) return { day, sequence: freed }
        if (block.next <= block.end) return { day, sequence: block.next++ }
        block.claiming ??= claim(day, block).finally(() => {
          block.claiming = undefined
        })
        await block.claiming
      }
    },
    release({ day, sequence }) {
      const block = days.get(day)
      if (block === undefined) return
      // Smallest first, so numbers given back are handed out again in order.
      const at = block.free.findIndex((n) => n > sequence)
      block.free.splice(at === -1 ? block.free.length : at, 0, sequence)
    },
  }
}

const allocators = new WeakMap<Db, TicketNumberAllocator>()

/**
 * The allocator of this process for `db` (one per open database, made on first
 * use), for callers that do not bring their own.
 */
export function ticketNumbersOf(db: Db): TicketNumberAllocator {
  let allocator = allocators.get(db)
  if (allocator === undefined) {
    allocator = createTicketNumberAllocator({ db })
    allocators.set(db, allocator)
  }
  return allocator
}
