import { z } from 'zod'
import { CHAT_ROLES, type ChatMessage, type ChatSession } from '../db/schema.ts'

/** Inputs of the chat-session verbs. Each verb parses its input with one of these first. */

/** Conversation state: a JSON object whose shape belongs to `src/dialogue/`. */
const State = z.record(z.string(), z.unknown())

export const ChatRole = z.enum(CHAT_ROLES)
export type ChatRole = z.infer<typeof ChatRole>

export const CreateSessionInput = z.strictObject({
  state: State.default({}),
})
export type CreateSessionInput = z.input<typeof CreateSessionInput>

export const GetSessionInput = z.strictObject({ id: z.uuid() })
export type GetSessionInput = z.input<typeof GetSessionInput>

export const NewChatMessage = z.strictObject({
  role: ChatRole,
  text: z.string().trim().min(1).max(10_000),
  /** The routing decision an assistant turn rests on, if any. */
  decision: z.record(z.string(), z.unknown()).nullish(),
})
export type NewChatMessage = z.input<typeof NewChatMessage>

export const AppendMessagesInput = z.strictObject({
  sessionId: z.uuid(),
  /** Appended in this order. */
  messages: z.array(NewChatMessage).max(50).default([]),
  /** Replaces the session's state when given. */
  state: State.optional(),
  /** Links the session to a ticket when given. */
  ticketId: z.uuid().optional(),
})
export type AppendMessagesInput = z.input<typeof AppendMessagesInput>

/** A session with its messages, oldest first. */
export type ChatSessionWithMessages = ChatSession & { messages: ChatMessage[] }

export const PostMessageInput = z.strictObject({
  sessionId: z.uuid(),
  text: z.string().trim().min(1).max(2_000),
})
export type PostMessageInput = z.input<typeof PostMessageInput>
