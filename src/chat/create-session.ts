import { chatSessions, type ChatSession } from '../db/schema.ts'
import { executorOf, type DbContext } from '../db/transaction.ts'
import { parseInput } from '../errors.ts'
import { CreateSessionInput } from './schemas.ts'

/**
 * Starts a chat session.
 *
 * @example
 * const session = await createSession({ ctx, input: {} })
 * session.state // {}
 */
export async function createSession({
  ctx,
  input,
}: {
  ctx: DbContext
  input: CreateSessionInput
}): Promise<ChatSession> {
  const data = parseInput(CreateSessionInput, input)
  const now = ctx.now()
  const [session] = await executorOf(ctx)
    .insert(chatSessions)
    .values({ state: data.state, createdAt: now, updatedAt: now })
    .returning()
  if (!session) throw new Error('chat session insert returned no row')
  return session
}
