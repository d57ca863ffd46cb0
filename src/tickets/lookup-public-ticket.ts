import { createHash, timingSafeEqual } from 'node:crypto'
import type { DbContext } from '../db/transaction.ts'
import { getTicket } from './get-ticket.ts'
import { TicketNumber, type TicketWithEvents } from './schemas.ts'

/**
 * The ticket a citizen may see: `null` when the number is unknown, malformed,
 * or the access code is wrong (indistinguishable on purpose). Codes are
 * compared in constant time, case-insensitively.
 *
 * @example
 * await lookupPublicTicket({ ctx, input: { number: '20261126-0007', code: 'K7M2QX9A' } })
 */
export async function lookupPublicTicket({
  ctx,
  input,
}: {
  ctx: DbContext
  input: { number: string; code: string }
}): Promise<TicketWithEvents | null> {
  const number = TicketNumber.safeParse(input.number)
  if (!number.success) return null
  const ticket = await getTicket({ ctx, input: { number: number.data } })
  if (ticket === null) {
    sameCode(input.code, 'X'.repeat(8)) // same work as a real comparison
    return null
  }
  return sameCode(input.code, ticket.accessCode) ? ticket : null
}

function sameCode(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value.trim().toUpperCase()).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
