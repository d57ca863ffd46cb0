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
