import { z } from 'zod'
import { Citation, Danger, RouteContractLine } from '../routing/schemas.ts'

/**
 * Shapes of the chat dialogue: the state kept per session, the decision as the
 * citizen chat shows it, and the ticket reference handed back once filed.
 */

/** How many turns of one complaint are routed together at most (the engine takes 20). */
export const MAX_COMPLAINT_TURNS = 20

/** Session state: the turns of the complaint in progress (empty after a ticket is filed). */
export const DialogueState = z.object({
  turns: z.array(z.string()).max(MAX_COMPLAINT_TURNS).default([]),
  /** How many complaints this session has filed so far. */
  complaints: z.number().int().nonnegative().default(0),
})
export type DialogueState = z.infer<typeof DialogueState>

/**
 * The decision as the chat UI shows it: the route contract line, plus the kind,
 * full citations, next step and topic.
 */
export const ChatDecision = RouteContractLine.extend({
  kind: z.enum(['routed', 'needs_clarification', 'out_of_scope']),
  citations: z.array(Citation),
  nextStep: z.string().nullable(),
  /** the out-of-scope topic recognised, e.g. `噪音扰民` */
  topic: z.string().nullable(),
  danger: Danger.nullable(),
})
export type ChatDecision = z.infer<typeof ChatDecision>

/** What the citizen gets back once the complaint is filed. */
export const TicketRef = z.object({
  number: z.string(),
  accessCode: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.string(),
})
export type TicketRef = z.infer<typeof TicketRef>
