import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendMessages, createSession, getSession } from '../../src/chat/index.ts'
import { createDb, type DbHandle } from '../../src/db/client.ts'
import { routingLogs, ticketCounters, ticketEvents, tickets } from '../../src/db/schema.ts'
import { withTransaction, type DbContext } from '../../src/db/transaction.ts'
import { AppError } from '../../src/errors.ts'
import {
  ACCESS_CODE_ALPHABET,
  appendEvent,
  createTicket,
  getTicket,
  logRouting,
  ticketDayOf,
  type CreateTicketInput,
} from '../../src/tickets/index.ts'
import { createTicketNumberAllocator, TICKET_NUMBER_BLOCK_SIZE } from '../../src/tickets/ticket-numbers.ts'
import { createTestDb, TEST_DRIVERS, testContext } from '../helpers/db.ts'

/** 10:00 on 26 Nov 2026 in China. */
const NOW = new Date('2026-11-26T02:00:00Z')

const ticketInput = (overrides: Partial<CreateTicketInput> = {}): CreateTicketInput => ({
  channel: 'web',
  complaint: '加油站的加油机少加油，加了40升实际只有37升',
  callerName: '王先生',
  callerPhone: '13912345678',
  departmentId: 'quality',
  matterId: 'duty-06',
  suggestedDepartmentId: 'quality',
  decision: { kind: 'routed', departmentId: 'quality', firedRules: ['fuel-dispenser'] },
  knowledgeVersion: 'test-1',
  actor: 'citizen',
  ...overrides,
})

async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

describe.each(TEST_DRIVERS)('repository on %s', (driver) => {
  let handle: DbHandle
  let ctx: DbContext

  beforeEach(async () => {
    handle = await createTestDb({ driver })
    ctx = testContext(handle, NOW)
  })

  afterEach(async () => {
    await handle.close()
  })

  describe('migrations', () => {
    it('reports the driver it runs on and answers a ping', async () => {
      expect(handle.driver).toBe(driver)
      expect(await handle.ping()).toBe(true)
    })

    it('changes nothing when applied a second time', async () => {
      // Opening the same database again runs the migrator again.
      const { first, reopen, cleanup } = await reopenable(driver, handle)
      try {
        const firstCtx = testContext(first, NOW)
        await createTicket({ ctx: firstCtx, input: ticketInput() })
        const before = await fingerprint(first)
        expect(before.migrations.length).toBeGreaterThan(0)

        const second = await reopen()
        try {
          expect(await fingerprint(second)).toEqual(before)
          const [count] = await second.execute<{ n: number }>('select count(*)::int as n from tickets')
          expect(count?.n).toBe(1)
        } finally {
          await second.close()
        }
      } finally {
        await cleanup()
      }
    })
  })

  describe('createTicket', () => {
    it("numbers one instance's tickets per day in sequence, starting at 0001, with a readable access code", async () => {
      const first = await createTicket({ ctx, input: ticketInput() })
      const second = await createTicket({ ctx, input: ticketInput() })
      const nextDay = await createTicket({ ctx, input: ticketInput({ day: '20261127' }) })

      expect(first.created).toBe(true)
      expect(first.ticket.number).toBe('20261126-0001')
      expect(second.ticket.number).toBe('20261126-0002')
      expect(nextDay.ticket.number).toBe('20261127-0001')
      expect(first.ticket.accessCode).toMatch(new RegExp(`^[${ACCESS_CODE_ALPHABET}]{8}$`))
      expect(first.ticket.accessCode).not.toBe(second.ticket.accessCode)
      expect(first.ticket.status).toBe('open')
      expect(first.ticket.createdAt.toISOString()).toBe(NOW.toISOString())
    })

    it('takes the day from the injected clock in China time', async () => {
      // 23:30 UTC on the 25th is 07:30 on the 26th in China.
      const late = testContext(handle, new Date('2026-11-25T23:30:00Z'))
      const { ticket } = await createTicket({ ctx: late, input: ticketInput() })
      expect(ticket.number).toBe('20261126-0001')
      expect(ticketDayOf(new Date('2026-11-26T15:59:59Z'))).toBe('20261126')
      expect(ticketDayOf(new Date('2026-11-26T16:00:00Z'))).toBe('20261127')
    })

    it('gives 20 concurrent creations 20 distinct consecutive numbers from one claimed block', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => createTicket({ ctx, input: ticketInput() })))
      const numbers = results.map((result) => result.ticket.number).sort()
      expect(new Set(numbers).size).toBe(20)
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `20261126-${String(i + 1).padStart(4, '0')}`))
      // The counter records blocks claimed, not tickets: the 20 shared one claim.
      const [counter] = await handle.db.select().from(ticketCounters).where(eq(ticketCounters.day, '20261126'))
      expect(counter?.last).toBe(TICKET_NUMBER_BLOCK_SIZE)
    })

    it('keeps numbers unique across instances sharing the database, each handing out its own blocks', async () => {
      // Two allocators stand for two instances; small blocks make them interleave.
      const a = { ...ctx, ticketNumbers: createTicketNumberAllocator({ db: handle.db, blockSize: 7 }) }
      const b = { ...ctx, ticketNumbers: createTicketNumberAllocator({ db: handle.db, blockSize: 7 }) }
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => createTicket({ ctx: i % 2 === 0 ? a : b, input: ticketInput() })),
      )
      const sequences = results.map((result) => Number(result.ticket.number.slice(9)))
      expect(new Set(sequences).size).toBe(60)
      expect(results.every((result) => /^20261126-\d{4}$/.test(result.ticket.number))).toBe(true)
      // Blocks of 7: one instance's numbers never fall in a block the other claimed.
      const blocksOf = (from: number[]) => new Set(from.map((n) => Math.floor((n - 1) / 7)))
      const blocksA = blocksOf(sequences.filter((_, i) => i % 2 === 0))
      const blocksB = blocksOf(sequences.filter((_, i) => i % 2 === 1))
      expect([...blocksA].filter((block) => blocksB.has(block))).toEqual([])
      const [counter] = await handle.db.select().from(ticketCounters).where(eq(ticketCounters.day, '20261126'))
      expect(counter?.last).toBe(7 * (blocksA.size + blocksB.size))
    })

    it('takes a new block on a new day and leaves a gap after an instance stops', async () => {
      const first = await createTicket({ ctx, input: ticketInput() })
      // A restarted instance: a fresh allocator claims the next block.
      const restarted = { ...ctx, ticketNumbers: createTicketNumberAllocator({ db: handle.db }) }
      const second = await createTicket({ ctx: restarted, input: ticketInput() })
      const nextDay = await createTicket({ ctx: restarted, input: ticketInput({ day: '20261127' }) })
      expect(first.ticket.number).toBe('20261126-0001')
      expect(second.ticket.number).toBe(`20261126-${String(TICKET_NUMBER_BLOCK_SIZE + 1).padStart(4, '0')}`)
      expect(nextDay.ticket.number).toBe('20261127-0001')
    })

    it('writes the ticket and its created event together', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput({ reason: '网上投诉' }) })
      const events = await handle.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id))
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        kind: 'created',
        actor: 'citizen',
        toDepartmentId: 'quality',
        toStatus: 'open',
        fromStatus: null,
        reason: '网上投诉',
      })
    })

    it('writes an overridden ticket with its created and overridden events in order', async () => {
      const { ticket } = await createTicket({
        ctx,
        input: ticketInput({ departmentId: 'commerce', suggestedDepartmentId: 'quality', overridden: true, reason: '经营问题' }),
      })
      expect(ticket).toMatchObject({ departmentId: 'commerce', suggestedDepartmentId: 'quality', overridden: true })
      const stored = await getTicket({ ctx, input: { number: ticket.number } })
      expect(stored?.events.map(({ kind, fromDepartmentId, toDepartmentId, fromStatus, toStatus, reason }) => ({
        kind, fromDepartmentId, toDepartmentId, fromStatus, toStatus, reason,
      }))).toEqual([
        { kind: 'created', fromDepartmentId: null, toDepartmentId: 'quality', fromStatus: null, toStatus: 'open', reason: null },
        { kind: 'overridden', fromDepartmentId: 'quality', toDepartmentId: 'commerce', fromStatus: 'open', toStatus: 'open', reason: '经营问题' },
      ])
      expect(stored).toMatchObject({ ...ticket, events: expect.any(Array) })
    })

    it('uses the number a caller reserved before opening its transaction', async () => {
      const numbers = createTicketNumberAllocator({ db: handle.db })
      const reserved = await numbers.reserve('20261126')
      const number = await withTransaction(ctx, async (tx) => {
        const { ticket } = await createTicket({ ctx: { ...ctx, tx, ticketNumbers: numbers }, input: ticketInput(), reserved })
        return ticket.number
      })
      expect(number).toBe('20261126-0001')
    })

    it('leaves neither ticket nor event, and gives the number back, when writing the event fails', async () => {
      await handle.execute(sql`
        create function fail_event() returns trigger language plpgsql as $$
        begin raise exception 'event write failed'; end $$`)
      await handle.execute(
        sql`create trigger fail_event before insert on ticket_events for each row execute function fail_event()`,
      )

      await expect(createTicket({ ctx, input: ticketInput() })).rejects.toThrow()

      expect(await handle.db.select().from(tickets)).toEqual([])
      expect(await handle.db.select().from(ticketEvents)).toEqual([])
      // The block was claimed in its own statement before; the unused number went back to it.
      expect(await handle.db.select().from(ticketCounters)).toEqual([{ day: '20261126', last: TICKET_NUMBER_BLOCK_SIZE }])
      await handle.execute('drop trigger fail_event on ticket_events')
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      expect(ticket.number).toBe('20261126-0001')
    })

    it('rolls back with the caller when it joins an outer transaction that fails', async () => {
      await expect(
        withTransaction(ctx, async (tx) => {
          await createTicket({ ctx: { ...ctx, tx }, input: ticketInput() })
          throw new Error('caller failed after filing')
        }),
      ).rejects.toThrow('caller failed after filing')

      expect(await handle.db.select().from(tickets)).toEqual([])
      expect(await handle.db.select().from(ticketEvents)).toEqual([])
    })

    it('commits with the caller when it joins an outer transaction', async () => {
      const number = await withTransaction(ctx, async (tx) => {
        const inner = { ...ctx, tx }
        const { ticket } = await createTicket({ ctx: inner, input: ticketInput() })
        await appendEvent({ ctx: inner, input: { number: ticket.number, kind: 'closed', actor: 'operator:li' } })
        return ticket.number
      })
      const stored = await getTicket({ ctx, input: { number } })
      expect(stored?.events.map((event) => event.kind)).toEqual(['created', 'closed'])
    })

    it('returns the first ticket for a repeated idempotency key', async () => {
      const first = await createTicket({ ctx, input: ticketInput({ idempotencyKey: 'form-42' }) })
      const again = await createTicket({ ctx, input: ticketInput({ idempotencyKey: 'form-42', complaint: '重复提交' }) })

      expect(again.created).toBe(false)
      expect(again.ticket.id).toBe(first.ticket.id)
      expect(again.ticket.number).toBe(first.ticket.number)
      expect(await handle.db.select().from(tickets)).toHaveLength(1)
      expect(await handle.db.select().from(ticketEvents)).toHaveLength(1)
    })

    it('files one ticket for concurrent requests with the same idempotency key', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => createTicket({ ctx, input: ticketInput({ idempotencyKey: 'retry-storm' }) })),
      )
      expect(new Set(results.map((result) => result.ticket.id)).size).toBe(1)
      expect(results.filter((result) => result.created)).toHaveLength(1)
      expect(await handle.db.select().from(tickets)).toHaveLength(1)
      expect(await handle.db.select().from(ticketEvents)).toHaveLength(1)
      // The losers gave their numbers back, so the next ticket follows on.
      const next = await createTicket({ ctx, input: ticketInput() })
      expect(next.ticket.number).toBe('20261126-0002')
    })

    it('links the chat session it was filed from', async () => {
      const session = await createSession({ ctx, input: {} })
      const { ticket } = await createTicket({ ctx, input: ticketInput({ sessionId: session.id }) })
      const stored = await getSession({ ctx, input: { id: session.id } })
      expect(ticket.sessionId).toBe(session.id)
      expect(stored?.ticketId).toBe(ticket.id)
    })

    it('stores the decision as a JSON object', async () => {
      await createTicket({ ctx, input: ticketInput() })
      const [row] = await handle.execute<{ type: string }>('select jsonb_typeof(decision) as type from tickets')
      expect(row?.type).toBe('object')
    })

    it('rejects invalid input as bad_request before touching the database', async () => {
      const error = await expectAppError(
        createTicket({ ctx, input: ticketInput({ complaint: '   ', channel: 'fax' as 'web' }) }),
        'bad_request',
      )
      expect(error.message).toContain('complaint')
      expect(error.message).toContain('channel')
      expect(await handle.db.select().from(ticketCounters)).toEqual([])
    })
  })

  describe('getTicket and appendEvent', () => {
    it('returns null for an unknown number', async () => {
      expect(await getTicket({ ctx, input: { number: '20261126-9999' } })).toBeNull()
    })

    it('records transfers and closing as ordered events with from/to', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      await appendEvent({
        ctx,
        input: { number: ticket.number, kind: 'rerouted', actor: 'operator:li', toDepartmentId: 'commerce' },
      })
      const transferred = await appendEvent({
        ctx,
        input: { number: ticket.number, kind: 'transferred', actor: 'operator:li', reason: '属工商职责' },
      })
      await appendEvent({ ctx, input: { number: ticket.number, kind: 'closed', actor: 'operator:li' } })

      expect(transferred.ticket).toMatchObject({ status: 'transferred', departmentId: 'commerce' })
      const stored = await getTicket({ ctx, input: { number: ticket.number } })
      expect(stored?.status).toBe('closed')
      expect(stored?.departmentId).toBe('commerce')
      expect(stored?.events.map((event) => [event.kind, event.fromDepartmentId, event.toDepartmentId, event.fromStatus, event.toStatus])).toEqual([
        ['created', null, 'quality', null, 'open'],
        ['rerouted', 'quality', 'commerce', 'open', 'open'],
        ['transferred', 'commerce', 'commerce', 'open', 'transferred'],
        ['closed', 'commerce', 'commerce', 'transferred', 'closed'],
      ])
      const ids = stored?.events.map((event) => event.id) ?? []
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
    })

    it('marks an operator override on the ticket', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      const { ticket: changed } = await appendEvent({
        ctx,
        input: { number: ticket.number, kind: 'overridden', actor: 'operator:li', toDepartmentId: 'commerce' },
      })
      expect(changed).toMatchObject({ overridden: true, departmentId: 'commerce', suggestedDepartmentId: 'quality' })
    })

    it('refuses to close a closed ticket, and any other change to it', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      await appendEvent({ ctx, input: { number: ticket.number, kind: 'closed', actor: 'operator:li' } })

      await expectAppError(appendEvent({ ctx, input: { number: ticket.number, kind: 'closed', actor: 'operator:li' } }), 'conflict')
      await expectAppError(
        appendEvent({ ctx, input: { number: ticket.number, kind: 'rerouted', actor: 'operator:li', toDepartmentId: 'commerce' } }),
        'conflict',
      )
      const stored = await getTicket({ ctx, input: { number: ticket.number } })
      expect(stored?.events.map((event) => event.kind)).toEqual(['created', 'closed'])
    })

    it('lets exactly one of two concurrent closes win', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      const close = () => appendEvent({ ctx, input: { number: ticket.number, kind: 'closed', actor: 'operator:li' } })
      const results = await Promise.allSettled([close(), close()])
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      const rejected = results.find((result) => result.status === 'rejected')
      expect((rejected?.reason as AppError).code).toBe('conflict')
    })

    it('refuses a reroute to the department the ticket is already with', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      await expectAppError(
        appendEvent({ ctx, input: { number: ticket.number, kind: 'rerouted', actor: 'operator:li', toDepartmentId: 'quality' } }),
        'conflict',
      )
    })

    it('answers not_found for an unknown ticket', async () => {
      await expectAppError(
        appendEvent({ ctx, input: { number: '20261126-0404', kind: 'closed', actor: 'operator:li' } }),
        'not_found',
      )
    })

    it('keeps events append-only in the database itself', async () => {
      const { ticket } = await createTicket({ ctx, input: ticketInput() })
      await expect(handle.db.update(ticketEvents).set({ actor: 'someone-else' })).rejects.toThrow()
      await expect(handle.db.delete(ticketEvents)).rejects.toThrow()
      const stored = await getTicket({ ctx, input: { number: ticket.number } })
      expect(stored?.events.map((event) => event.actor)).toEqual(['citizen'])
    })
  })

  describe('chat sessions', () => {
    it('keeps messages in order across turns and stores the latest state', async () => {
      const session = await createSession({ ctx, input: { state: { turn: 0 } } })
      await appendMessages({
        ctx,
        input: {
          sessionId: session.id,
          messages: [
            { role: 'citizen', text: '超市的秤不准' },
            { role: 'assistant', text: '请问是哪家超市？', decision: { kind: 'needs_clarification' } },
          ],
          state: { turn: 1 },
        },
      })
      const second = await appendMessages({
        ctx,
        input: { sessionId: session.id, messages: [{ role: 'citizen', text: '县城东门的联华超市' }], state: { turn: 2 } },
      })

      expect(second.messages.map((message) => message.text)).toEqual(['县城东门的联华超市'])
      const stored = await getSession({ ctx, input: { id: session.id } })
      expect(stored?.state).toEqual({ turn: 2 })
      expect(stored?.messages.map((message) => [message.role, message.text])).toEqual([
        ['citizen', '超市的秤不准'],
        ['assistant', '请问是哪家超市？'],
        ['citizen', '县城东门的联华超市'],
      ])
      expect(stored?.messages[1]?.decision).toEqual({ kind: 'needs_clarification' })
    })

    it('keeps each of many concurrent turns together', async () => {
      const session = await createSession({ ctx, input: {} })
      await Promise.all(
        Array.from({ length: 10 }, (_, turn) =>
          appendMessages({
            ctx,
            input: {
              sessionId: session.id,
              messages: [
                { role: 'citizen', text: `q${turn}` },
                { role: 'assistant', text: `a${turn}` },
              ],
            },
          }),
        ),
      )
      const texts = (await getSession({ ctx, input: { id: session.id } }))?.messages.map((message) => message.text) ?? []
      expect(texts).toHaveLength(20)
      for (let i = 0; i < texts.length; i += 2) expect(texts[i + 1]).toBe(texts[i]?.replace('q', 'a'))
    })

    it('answers not_found for an unknown session and null when reading one', async () => {
      const id = '00000000-0000-4000-8000-000000000000'
      await expectAppError(
        appendMessages({ ctx, input: { sessionId: id, messages: [{ role: 'citizen', text: '你好' }] } }),
        'not_found',
      )
      expect(await getSession({ ctx, input: { id } })).toBeNull()
    })
  })

  describe('logRouting', () => {
    it('stores a routing run without the caller’s phone number', async () => {
      const row = await logRouting({
        ctx,
        input: {
          source: 'api',
          kind: 'routed',
          departmentId: 'quality',
          firedRules: ['fuel-dispenser'],
          citations: [{ id: 'duty-06.4', quote: '县质监局咨询电话63823756' }],
          decision: { complaint: '我的电话是139 1234 5678，座机0571-88886666', callerPhone: '13912345678', departmentId: 'quality' },
          knowledgeVersion: 'test-1',
          latencyMs: 1.25,
        },
      })
      const [stored] = await handle.db.select().from(routingLogs).where(eq(routingLogs.id, row.id))
      const text = JSON.stringify(stored)
      expect(text).not.toContain('1234')
      expect(text).not.toContain('88886666')
      expect(stored?.decision).toEqual({ complaint: '我的电话是[电话]，座机[电话]', departmentId: 'quality' })
      expect(stored?.citations).toEqual([{ id: 'duty-06.4', quote: '县质监局咨询电话63823756' }])
      expect(stored).toMatchObject({ source: 'api', kind: 'routed', firedRules: ['fuel-dispenser'], latencyMs: 1.25 })
    })
  })
})

describe('file-backed PGlite', () => {
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'complaint-router-db-'))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps tickets and chat messages across closing and reopening, creating the folder', async () => {
    const dataDir = join(dir, 'nested', 'data')
    const first = await createDb({ dataDir })
    const ctx = testContext(first, NOW)
    let sessionId: string
    let number: string
    try {
      const session = await createSession({ ctx, input: {} })
      sessionId = session.id
      await appendMessages({
        ctx,
        input: { sessionId, messages: [{ role: 'citizen', text: '一' }, { role: 'assistant', text: '二' }], state: { step: 1 } },
      })
      number = (await createTicket({ ctx, input: ticketInput({ sessionId }) })).ticket.number
    } finally {
      await first.close()
    }

    const second = await createDb({ dataDir })
    try {
      const reopened = testContext(second, NOW)
      await appendMessages({ ctx: reopened, input: { sessionId, messages: [{ role: 'citizen', text: '三' }] } })
      const session = await getSession({ ctx: reopened, input: { id: sessionId } })
      expect(session?.messages.map((message) => message.text)).toEqual(['一', '二', '三'])
      expect(session?.state).toEqual({ step: 1 })
      expect((await getTicket({ ctx: reopened, input: { number } }))?.events).toHaveLength(1)
      // The counter survived too: the reopened instance claims the next block
      // (the rest of the first instance's block is a gap).
      expect((await createTicket({ ctx: reopened, input: ticketInput() })).ticket.number).toBe(
        `20261126-${String(TICKET_NUMBER_BLOCK_SIZE + 1).padStart(4, '0')}`,
      )
    } finally {
      await second.close()
    }
  })
})

/** Migrations applied and the shape of every table, to compare two openings. */
async function fingerprint(handle: DbHandle) {
  const migrations = await handle.execute('select id, hash, created_at from drizzle.__drizzle_migrations order by id')
  const columns = await handle.execute(`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public' order by table_name, column_name`)
  const indexes = await handle.execute(`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`)
  return { migrations, columns, indexes }
}

/**
 * A database that can be opened a second time with createDb: the test's own
 * PostgreSQL database, or (PGlite in memory cannot be reopened) a file-backed PGlite.
 */
async function reopenable(driver: 'pglite' | 'postgres', handle: DbHandle) {
  if (driver === 'postgres') {
    const [row] = await handle.execute<{ db: string }>('select current_database() as db')
    const url = new URL(process.env.TEST_DATABASE_URL ?? '')
    url.pathname = `/${row?.db ?? ''}`
    return { first: handle, reopen: () => createDb({ databaseUrl: url.toString(), max: 1 }), cleanup: async () => {} }
  }
  const dir = await mkdtemp(join(tmpdir(), 'complaint-router-migrate-'))
  const first = await createDb({ dataDir: dir })
  return {
    first,
    reopen: async () => {
      await first.close()
      return createDb({ dataDir: dir })
    },
    cleanup: async () => {
      await first.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
