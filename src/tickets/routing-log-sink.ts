import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import { sqlStateOf, type Db } from '../db/client.ts'
import { routingLogs } from '../db/schema.ts'
import { redactedJson, redactPhoneNumbers } from './redact.ts'

/** One routing run as a verb hands it to a sink (see `routingLogOf`); built by our own engine, so not re-validated. */
export type RoutingLogEntry = {
  source: 'api' | 'chat' | 'ticket'
  kind: 'routed' | 'needs_clarification' | 'out_of_scope'
  departmentId: string | null
  firedRules: string[]
  citations: unknown[]
  decision: Record<string, unknown>
  knowledgeVersion: string
  latencyMs: number
}

/**
 * Where routing runs go for statistics. `write` never waits and never throws:
 * routing telemetry must not slow down or fail a request. `flush` resolves once
 * everything written so far is stored (or given up on); `close` flushes and
 * stops accepting rows.
 */
export type RoutingLogSink = {
  write(entry: RoutingLogEntry, at: Date): void
  flush(): Promise<void>
  close(): Promise<void>
}

export const ROUTING_LOG_BATCH_ROWS = 200
export const ROUTING_LOG_BATCH_DELAY_MS = 50
/** Rows kept while the database is slow or down; older ones are dropped first. */
export const ROUTING_LOG_MAX_BUFFERED_ROWS = 10_000

type Row = typeof routingLogs.$inferInsert

/** The batch as a JSON array of routing_logs rows, phone numbers redacted. */
function batchJson(batch: Array<{ entry: RoutingLogEntry; at: Date }>): string {
  const rows = batch.map(
    ({ entry, at }) =>
      `{"source":${JSON.stringify(entry.source)},"kind":${JSON.stringify(entry.kind)},` +
      `"department_id":${JSON.stringify(entry.departmentId)},"fired_rules":${JSON.stringify(entry.firedRules)},` +
      `"citations":${redactedJson(entry.citations)},"decision":${redactedJson(entry.decision)},` +
      `"knowledge_version":${JSON.stringify(entry.knowledgeVersion)},"latency_ms":${JSON.stringify(entry.latencyMs)},` +
      `"created_at":${JSON.stringify(at.toISOString())}}`,
  )
  return `[${rows.join(',')}]`
}

function rowOf(entry: RoutingLogEntry, at: Date): Row {
  return {
    source: entry.source,
    kind: entry.kind,
    departmentId: entry.departmentId,
    firedRules: entry.firedRules,
    citations: redactPhoneNumbers(entry.citations),
    decision: redactPhoneNumbers(entry.decision),
    knowledgeVersion: entry.knowledgeVersion,
    latencyMs: entry.latencyMs,
    createdAt: at,
  }
}

/**
 * Buffers routing runs in memory and stores them with one multi-row INSERT
 * every {@link ROUTING_LOG_BATCH_DELAY_MS} ms or {@link ROUTING_LOG_BATCH_ROWS}
 * rows, whichever comes first; one batch is written at a time. A failed batch
 * is logged (counts and the error code only, never row contents) and retried
 * once, then dropped.
 *
 * Trade-off: a crash (or `kill -9`) loses the rows not yet flushed, at most
 * about one batch of routing telemetry. Tickets never go through here: they are
 * committed before their request answers. `main.ts` closes the sink on shutdown.
 *
 * @example
 * const sink = createBatchingRoutingLogSink({ db: handle.db, logger })
 * sink.write(routingLogOf('api', decision, 0.4), new Date())
 * await sink.close() // on shutdown, before closing the database
 */
export function createBatchingRoutingLogSink({
  db,
  logger,
  maxRows = ROUTING_LOG_BATCH_ROWS,
  maxDelayMs = ROUTING_LOG_BATCH_DELAY_MS,
  maxBufferedRows = ROUTING_LOG_MAX_BUFFERED_ROWS,
}: {
  db: Db
  logger: Logger
  maxRows?: number
  maxDelayMs?: number
  maxBufferedRows?: number
}): RoutingLogSink {
  let pending: Array<{ entry: RoutingLogEntry; at: Date }> = []
  let timer: NodeJS.Timeout | undefined
  /** The batch being written now, and everything queued behind it. */
  let writing: Promise<void> = Promise.resolve()
  let dropped = 0
  let closed = false

  async function insert(batch: typeof pending): Promise<void> {
    // Redaction happens here, off the request's path.
    const rows = batchJson(batch)
    for (let attempt = 1; ; attempt += 1) {
      try {
        // The whole batch is one jsonb parameter: one statement text for every
        // batch size (prepared once), and no per-column parameter binding.
        await db.execute(sql`
          insert into routing_logs (source, kind, department_id, fired_rules, citations, decision, knowledge_version, latency_ms, created_at)
          select source, kind, department_id, fired_rules, citations, decision, knowledge_version, latency_ms, created_at
          from jsonb_to_recordset(${rows}::jsonb) as r(source text, kind text, department_id text, fired_rules jsonb,
            citations jsonb, decision jsonb, knowledge_version text, latency_ms double precision, created_at timestamptz)`)
        return
      } catch (error) {
        const detail = { rows: batch.length, attempt, code: sqlStateOf(error) }
        if (attempt >= 2) {
          logger.error(detail, 'routing log batch dropped after a retry')
          return
        }
        logger.warn(detail, 'routing log batch failed; retrying once')
      }
    }
  }

  function startFlush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    if (pending.length === 0) return writing
    const taken = pending
    pending = []
    // Chained: one INSERT at a time, so a slow database does not pile up connections.
    writing = writing.then(async () => {
      for (let i = 0; i < taken.length; i += maxRows) await insert(taken.slice(i, i + maxRows))
    })
    return writing
  }

  return {
    write(entry, at) {
      if (closed) {
        logger.warn({ source: entry.source }, 'routing log written after the sink closed; dropped')
        return
      }
      pending.push({ entry, at })
      if (pending.length > maxBufferedRows) {
        pending.shift()
        dropped += 1
        if (dropped === 1 || dropped % 1_000 === 0) logger.warn({ dropped }, 'routing log buffer full; dropping the oldest rows')
      }
      if (pending.length >= maxRows) void startFlush()
      else if (timer === undefined) {
        timer = setTimeout(() => void startFlush(), maxDelayMs)
        // Never keeps the process alive; shutdown flushes explicitly.
        timer.unref()
      }
    },
    flush: startFlush,
    async close() {
      closed = true
      await startFlush()
    },
  }
}

/**
 * Keeps the rows in memory (`entries`), for tests that look at what was logged
 * without a database.
 *
 * @example
 * const sink = createMemoryRoutingLogSink()
 * await previewRoute({ ctx: { ...ctx, routingLogs: sink }, input: { text: '秤不准' } })
 * sink.rows[0]?.source // 'api'
 */
export function createMemoryRoutingLogSink(): RoutingLogSink & { rows: Row[] } {
  const rows: Row[] = []
  return {
    rows,
    write: (entry, at) => void rows.push(rowOf(entry, at)),
    flush: async () => {},
    close: async () => {},
  }
}
