export { appendEvent } from './append-event.ts'
export {
  ACCESS_CODE_ALPHABET,
  ACCESS_CODE_LENGTH,
  createTicket,
  formatTicketNumber,
  generateAccessCode,
  TICKET_DAY_UTC_OFFSET_HOURS,
  ticketDayOf,
} from './create-ticket.ts'
export { getTicket } from './get-ticket.ts'
export { logRouting } from './log-routing.ts'
export { PHONE_PLACEHOLDER, redactPhoneNumbers } from './redact.ts'
export * from './schemas.ts'
export type { RoutingContext } from './context.ts'
export { exportTickets, MAX_EXPORT_ROWS, csvCell, maskPhones } from './export-tickets.ts'
export { fileTicket, resolveDepartment } from './file-ticket.ts'
export { getStats } from './get-stats.ts'
export type { TicketStats } from './get-stats.ts'
export { listTickets, ticketWhere } from './list-tickets.ts'
export { previewRoute, routingLogOf, ticketDecisionOf } from './preview-route.ts'
export { changeTicket } from './change-ticket.ts'
export { lookupPublicTicket } from './lookup-public-ticket.ts'
export {
  createBatchingRoutingLogSink,
  createMemoryRoutingLogSink,
  type RoutingLogEntry,
  type RoutingLogSink,
} from './routing-log-sink.ts'
export {
  createTicketNumberAllocator,
  TICKET_NUMBER_BLOCK_SIZE,
  ticketNumbersOf,
  type ReservedTicketNumber,
  type TicketNumberAllocator,
} from './ticket-numbers.ts'
export { recordRouting } from './log-routing.ts'
