import { asc, eq } from 'drizzle-orm'
import { chatMessages, chatSessions } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { GetSessionInput, type ChatSessionWithMessages } from './schemas.ts'

/**
 * Reads a chat session with its messages, oldest first; `null` when there is none.
 *
 * @example
 * const session = await getSession({ ctx, input: { id } })
 * session?.messages.map((message) => message.role) // ['citizen', 'assistant']
 */
export async function getSession({
  ctx,
  input,
}: {
  ctx: DbContext
  input: GetSessionInput
}): Promise<ChatSessionWithMessages | null> {
  const data = parseInput(GetSessionInput, input)
  const db = executorOf(ctx)
  const [session] = await db.select().from(chatSessions).where(eq(chatSessions.id, data.id)).limit(1)
  if (!session) return null
  const messages = await db
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, session.id))
    .orderBy(asc(chatMessages.id))
  return { ...session, messages }
}
