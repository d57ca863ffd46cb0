import { z } from 'zod'

/**
 * The routing engine's input and output. Every other layer (CLI, HTTP, chat,
 * tickets, pages) reads decisions through these schemas.
 */

/** One complaint, or one conversation: the turns the caller typed, in order. */
export const RouteInput = z.strictObject({
  turns: z.array(z.string()).min(1).max(20),
})
export type RouteInput = z.infer<typeof RouteInput>

export const DepartmentRef = z.strictObject({
  id: z.string(),
  name: z.string(),
})
export type DepartmentRef = z.infer<typeof DepartmentRef>

/** A seed entry the decision rests on, quoted verbatim. */
export const Citation = z.strictObject({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  text: z.string(),
  legalBasis: z.array(z.string()).default([]),
  case: z.string().nullable().default(null),
})
export type Citation = z.infer<typeof Citation>

/** A fact the extractor found, with the words that evidenced it. */
export const FactEvidence = z.strictObject({
  fact: z.string(),
  label: z.string(),
  terms: z.array(z.string()),
  turn: z.number().int().nonnegative(),
})
export type FactEvidence = z.infer<typeof FactEvidence>

export const RuleResult = z.strictObject({
  id: z.string(),
  priority: z.number(),
  /** the facts each condition looked for, and whether it held */
  conditions: z.array(
    z.strictObject({
      op: z.enum(['all', 'any', 'none', 'near']),
      facts: z.array(z.string()),
      result: z.boolean(),
    }),
  ),
  result: z.boolean(),
})
export type RuleResult = z.infer<typeof RuleResult>

export const Danger = z.strictObject({
  /** numbers to call now, e.g. ['119', '120'] */
  call: z.array(z.string()).min(1),
  advice: z.string(),
  signals: z.array(z.string()),
})
export type Danger = z.infer<typeof Danger>

export const Suggestion = z.strictObject({
  /** the button text; also the text sent as the answer when picked */
  label: z.string(),
})
export type Suggestion = z.infer<typeof Suggestion>

export const RetrievedPassage = z.strictObject({
  id: z.string(),
  departmentId: z.string(),
  title: z.string(),
  score: z.number(),
})
export type RetrievedPassage = z.infer<typeof RetrievedPassage>

const DecisionBase = {
  /** plain-Chinese summary of why, for citizens and operators */
  explanation: z.string(),
  facts: z.array(FactEvidence),
  /** department names the caller mentioned; never used as evidence */
  mentionedDepartments: z.array(z.string()),
  firedRules: z.array(z.string()),
  /** rules that were checked, fired or not, with the facts they saw */
  ruleResults: z.array(RuleResult),
  retrieved: z.array(RetrievedPassage),
  danger: Danger.nullable(),
  confidence: z.number().min(0).max(1),
  knowledgeVersion: z.string(),
}

export const RoutedDecision = z.strictObject({
  kind: z.literal('routed'),
  department: DepartmentRef,
  coResponsible: z.array(DepartmentRef),
  matter: z.strictObject({ id: z.string(), name: z.string() }),
  citations: z.array(Citation).min(1),
  /** what to do next, in plain Chinese */
  nextStep: z.string(),
  ...DecisionBase,
})
export type RoutedDecision = z.infer<typeof RoutedDecision>

export const ClarificationDecision = z.strictObject({
  kind: z.literal('needs_clarification'),
  /** the fact that decides the department, e.g. `stage` */
  missingFact: z.string(),
  questionId: z.string(),
  question: z.string(),
  suggestions: z.array(Suggestion).min(2).max(4),
  citations: z.array(Citation),
  ...DecisionBase,
})
export type ClarificationDecision = z.infer<typeof ClarificationDecision>

export const OutOfScopeDecision = z.strictObject({
  kind: z.literal('out_of_scope'),
  /** where the caller should go instead, e.g. `12345` */
  redirect: z.string(),
  /** the topic recognised, e.g. `噪音扰民`, or null when nothing in the table matched */
  topic: z.string().nullable(),
  nextStep: z.string(),
  ...DecisionBase,
})
export type OutOfScopeDecision = z.infer<typeof OutOfScopeDecision>

export const RoutingDecision = z.discriminatedUnion('kind', [
  RoutedDecision,
  ClarificationDecision,
  OutOfScopeDecision,
])
export type RoutingDecision = z.infer<typeof RoutingDecision>

/** The flat shape of `npm run route -- --jsonl` (a contract other tools rely on). */
export const RouteContractLine = z.strictObject({
  id: z.string(),
  department: z.string().nullable(),
  departmentId: z.string().nullable(),
  redirect: z.string().nullable(),
  matter: z.string().nullable(),
  matterId: z.string().nullable(),
  coResponsible: z.array(z.string()),
  needsClarification: z.boolean(),
  question: z.string().nullable(),
  suggestions: z.array(z.string()),
  outOfScope: z.boolean(),
  confidence: z.number(),
  danger: Danger.nullable(),
  citations: z.array(z.strictObject({ id: z.string(), text: z.string() })),
  firedRules: z.array(z.string()),
  explanation: z.string(),
})
export type RouteContractLine = z.infer<typeof RouteContractLine>
