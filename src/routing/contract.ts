import type { RouteContractLine, RoutingDecision } from './schemas.ts'

/**
 * Flattens a decision into the stable line of `npm run route -- --jsonl`.
 *
 * @example
 * toContractLine('d001', decision).department // '县工商局'
 */
export function toContractLine(id: string, decision: RoutingDecision): RouteContractLine {
  const routed = decision.kind === 'routed' ? decision : null
  const asking = decision.kind === 'needs_clarification' ? decision : null
  const outOfScope = decision.kind === 'out_of_scope' ? decision : null
  return {
    id,
    department: routed?.department.name ?? null,
    departmentId: routed?.department.id ?? null,
    redirect: outOfScope?.redirect ?? null,
    matter: routed?.matter.name ?? null,
    matterId: routed?.matter.id ?? null,
    coResponsible: routed?.coResponsible.map((d) => d.name) ?? [],
    needsClarification: asking !== null,
    question: asking?.question ?? null,
    suggestions: asking?.suggestions.map((s) => s.label) ?? [],
    outOfScope: outOfScope !== null,
    confidence: decision.confidence,
    danger: decision.danger,
    citations: (routed?.citations ?? asking?.citations ?? []).map((c) => ({ id: c.id, text: c.text })),
    firedRules: decision.firedRules,
    explanation: decision.explanation,
  }
}
