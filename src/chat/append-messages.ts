import { eq } from 'drizzle-orm'
import { chatMessages, chatSessions, type ChatMessage, type ChatSession } from '../db/schema.ts'
import { withTransaction, type DbContext } from '../db/transaction.ts'
import { AppError, parseInput } from '../errors.ts'
import { AppendMessagesInput } from './schemas.ts'

/**
 * Appends a turn's messages and stores the new conversation state, in one
 * transaction. The session row is updated first, which locks it, so two turns
 * of one session never interleave their messages.
 *
 * Throws `not_found` when the session does not exist.
 *
 * @example
 * const { session, messages } = await appendMessages({
 *   ctx,
 *   input: {
 *     sessionId,
 *     messages: [{ role: 'citizen', text: '超市的秤不准' }, { role: 'assistant', text: '请问是哪家超市？' }],
 *     state: { facts: { place: 'supermarket' } },
 *   },
 * })
 */
export async function appendMessages({
  ctx,
  input,
}: {
  ctx: DbContext
  input: AppendMessagesInput
}): Promise<{ session: ChatSession; messages: ChatMessage[] }> {
  const data = parseInput(AppendMessagesInput, input)
  const now = ctx.now()
  return withTransaction(ctx, async (tx) => {
    const [session] = await tx
      .update(chatSessions)
      .set({
        updatedAt: now,
        ...(data.state === undefined ? {} : { state: data.state }),
        ...(data.ticketId === undefined ? {} : { ticketId: data.ticketId }),
      })
      .where(eq(chatSessions.id, data.sessionId))
      .returning()
    if (!session) throw new AppError('not_found', `no chat session ${data.sessionId}`, { sessionId: data.sessionId })
    if (data.messages.length === 0) return { session, messages: [] }
    const messages = await tx
      .insert(chatMessages)
      .values(
        data.messages.map((message) => ({
          sessionId: session.id,
          role: message.role,
          text: message.text,
          decision: message.decision ?? null,
          createdAt: now,
        })),
      )
      .returning()
    // RETURNING carries no order guarantee; ids follow the VALUES order.
    messages.sort((a, b) => a.id - b.id)
    return { session, messages }
  })
}
