import type { DbContext } from '../db/transaction.ts'
import type { Prompts } from '../dialogue/prompts.ts'
import type { RoutingEngine } from '../routing/engine.ts'
import type { RoutingLogSink } from './routing-log-sink.ts'
import type { TicketNumberAllocator } from './ticket-numbers.ts'

/**
 * What verbs that route receive: the database context plus the engine, the
 * reply templates, and a stopwatch the caller started (the HTTP layer starts it
 * when the request arrives), read for the routing log's latency.
 */
export type RoutingContext = DbContext & {
  engine: RoutingEngine
  prompts: Prompts
  elapsedMs: () => number
  /** Where routing runs are logged; default: inserted at once with {@link logRouting}, in `tx` if any. */
  routingLogs?: RoutingLogSink
  /** Ticket numbers of this instance; default: `ticketNumbersOf(db)`. */
  ticketNumbers?: TicketNumberAllocator
}
