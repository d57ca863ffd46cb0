import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import type { DbHandle } from '../../src/db/client.ts'
import { routingLogs } from '../../src/db/schema.ts'
import {
  createBatchingRoutingLogSink,
  createMemoryRoutingLogSink,
  type RoutingLogEntry,
} from '../../src/tickets/routing-log-sink.ts'
import { createTestDb, TEST_DRIVERS } from '../helpers/db.ts'

const AT = new Date('2026-11-26T02:00:00Z')
const entry = (latencyMs = 0.5): RoutingLogEntry => ({
  source: 'api',
  kind: 'routed',
  departmentId: 'quality',
  firedRules: ['fuel-dispenser'],
  citations: [{ id: 'duty-06.4', title: '计量' }],
  decision: { complaint: '加油机少加油，我电话13912345678', callerPhone: '13912345678' },
  knowledgeVersion: 'test-1',
  latencyMs,
})

/** A pino logger whose lines land in `lines`. */
function capturingLogger() {
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
  return { logger, lines }
}

describe.each(TEST_DRIVERS)('batching routing-log sink on %s', (driver) => {
  let handle: DbHandle
  beforeEach(async () => {
    handle = await createTestDb({ driver })
  })
  afterEach(async () => {
    await handle.close()
  })
  const stored = () => handle.db.select().from(routingLogs).orderBy(routingLogs.id)

  it('writes nothing until the batch is due, then every row in one insert, without phone numbers', async () => {
    const sink = createBatchingRoutingLogSink({ db: handle.db, logger: pino({ level: 'silent' }), maxDelayMs: 60_000 })
    for (let i = 0; i < 5; i += 1) sink.write(entry(i), AT)
    expect(await stored()).toEqual([])
    await sink.flush()
    const rows = await stored()
    expect(rows.map((row) => row.latencyMs)).toEqual([0, 1, 2, 3, 4])
    expect(JSON.stringify(rows)).not.toContain('13912345678')
    expect(rows[0]).toMatchObject({ source: 'api', kind: 'routed', departmentId: 'quality', createdAt: AT })
    await sink.close()
  })

  it('flushes by itself once the rows reach a batch or the delay passes', async () => {
    const sink = createBatchingRoutingLogSink({ db: handle.db, logger: pino({ level: 'silent' }), maxRows: 3, maxDelayMs: 20 })
    for (let i = 0; i < 3; i += 1) sink.write(entry(i), AT)
    await expect.poll(async () => (await stored()).length).toBe(3)
    sink.write(entry(9), AT)
    await expect.poll(async () => (await stored()).length).toBe(4)
    await sink.close()
  })

  it('stores what is buffered on close and drops later writes', async () => {
    const sink = createBatchingRoutingLogSink({ db: handle.db, logger: pino({ level: 'silent' }), maxDelayMs: 60_000 })
    sink.write(entry(), AT)
    await sink.close()
    sink.write(entry(), AT)
    await sink.flush()
    expect(await stored()).toHaveLength(1)
  })

  it('retries a failed batch once, then logs and drops it without its contents', async () => {
    const { logger, lines } = capturingLogger()
    await handle.execute('alter table routing_logs rename to routing_logs_away')
    const sink = createBatchingRoutingLogSink({ db: handle.db, logger, maxDelayMs: 60_000 })
    sink.write(entry(), AT)
    await sink.flush()
    await handle.execute('alter table routing_logs_away rename to routing_logs')
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      'routing log batch failed; retrying once',
      'routing log batch dropped after a retry',
    ])
    expect(lines.join('')).not.toContain('1391234')
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ rows: 1, code: '42P01' })
    // The sink carries on with the next batch.
    sink.write(entry(), AT)
    await sink.close()
    expect(await stored()).toHaveLength(1)
  })
})

describe('memory routing-log sink', () => {
  it('keeps the redacted rows it was given', async () => {
    const sink = createMemoryRoutingLogSink()
    sink.write(entry(), AT)
    await sink.flush()
    expect(sink.rows).toHaveLength(1)
    expect(JSON.stringify(sink.rows)).not.toContain('13912345678')
  })
})
