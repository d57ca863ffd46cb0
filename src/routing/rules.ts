import type { Rule } from '../knowledge/routing-schemas.ts'
import { saidTogether } from './facts.ts'
import type { RuleResult } from './schemas.ts'

/** A rule that held, with what made it win. */
export type FiredRule = { rule: Rule; specificity: number; order: number }

const INDEXES = new WeakMap<readonly Rule[], Map<string, number[]>>()

/** fact → the positions of the rules that name it under `all` or `any`; built once per rule list. */
function indexOf(rules: readonly Rule[]): Map<string, number[]> {
  let index = INDEXES.get(rules)
  if (index) return index
  index = new Map()
  rules.forEach((rule, order) => {
    for (const fact of new Set([...rule.when.all, ...rule.when.any])) index!.set(fact, [...(index!.get(fact) ?? []), order])
  })
  INDEXES.set(rules, index)
  return index
}

/** How many facts a rule asks for: among equal priorities the more specific rule wins. */
function specificityOf(rule: Rule): number {
  return rule.when.all.length + (rule.when.any.length > 0 ? 1 : 0) + rule.when.none.length * 0.5
}

/**
 * Checks the rules against the facts, like json-rules-engine's `results` and
 * `failureResults`: each result records the facts each condition looked for. Rules that name
 * none of the facts present cannot hold and are skipped. Returns the results of the rules
 * checked, in file order, and the rules that held, best first.
 *
 * @example
 * const { fired } = evaluateRules(rules, new Set(['subject.elevator']))
 * fired[0]?.rule.id // 'special-equipment-elevator'
 */
export function evaluateRules(
  rules: readonly Rule[],
  facts: ReadonlySet<string>,
  places: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { results: RuleResult[]; fired: FiredRule[] } {
  const results: RuleResult[] = []
  const fired: FiredRule[] = []
  // Only rules that look for a fact that is present can hold (every rule needs one under all or any).
  const index = indexOf(rules)
  const candidates = new Set<number>()
  for (const fact of facts) for (const order of index.get(fact) ?? []) candidates.add(order)
  for (const order of [...candidates].sort((a, b) => a - b)) {
    const rule = rules[order]!
    const { all, any, none, near } = rule.when
    const conditions: RuleResult['conditions'] = []
    if (all.length > 0) conditions.push({ op: 'all', facts: [...all], result: all.every((f) => facts.has(f)) })
    if (any.length > 0) conditions.push({ op: 'any', facts: [...any], result: any.some((f) => facts.has(f)) })
    if (none.length > 0) conditions.push({ op: 'none', facts: [...none], result: !none.some((f) => facts.has(f)) })
    if (near) conditions.push({ op: 'near', facts: [...near[0], ...near[1]], result: saidTogether(places, near[0], near[1]) })
    const result = conditions.every((c) => c.result)
    results.push({ id: rule.id, priority: rule.priority, conditions, result })
    if (result) fired.push({ rule, specificity: specificityOf(rule), order })
  }
  fired.sort((a, b) => b.rule.priority - a.rule.priority || b.specificity - a.specificity || a.order - b.order)
  return { results, fired }
}
