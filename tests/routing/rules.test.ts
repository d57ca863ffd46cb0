import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.ts'
import { createRoutingEngine, evaluateRules, routeComplaint } from '../../src/routing/index.ts'

const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
const rules = knowledge.routing.rules
const cited = new Set(rules.flatMap((r) => [...(r.route?.cite ?? []), r.route?.matter ?? '']))

describe('the rules as data', () => {
  it('give every department share of every boundary matter a rule that cites it', () => {
    const shares = knowledge.matters.flatMap((m) => m.shares.map((s) => s.id))
    expect(shares.filter((id) => !cited.has(id))).toEqual([])
  })

  it('send a complaint to every department of the boundary table through some rule', () => {
    const routed = new Set(rules.map((r) => r.route?.department).filter(Boolean))
    expect([...new Set(knowledge.departments.map((d) => d.id))].filter((id) => !routed.has(id))).toEqual([])
  })

  it('cite every public service and the duties complaints touch', () => {
    const needed = [...knowledge.services.map((s) => s.id), 'duty-02.2', 'duty-03.9', 'duty-04.1', 'duty-04.2', 'duty-05.5', 'duty-05.6', 'duty-06.4', 'duty-06.6', 'duty-06.7', 'duty-07.1', 'duty-08.5', 'duty-09.1']
    expect(needed.filter((id) => !cited.has(id))).toEqual([])
  })

  it('prefer the higher priority, then the more specific rule', () => {
    const facts = ['subject.product', 'stage.circulation', 'wrong.quality_defect']
    const saidInOneSentence = new Map(facts.map((f) => [f, new Set(['0:0'])]))
    const { fired } = evaluateRules(rules, new Set(facts), saidInOneSentence)
    expect(fired[0]?.rule.id).toBe('product-defect-circulation')
    expect(fired.map((f) => f.rule.id)).toContain('quality-defect-circulation')
  })

  it('need a defect said in the same sentence as the product it is blamed on', () => {
    const facts = new Set(['subject.product', 'stage.circulation', 'wrong.quality_defect'])
    const apart = new Map([
      ['subject.product', new Set(['0:0'])],
      ['stage.circulation', new Set(['0:0'])],
      ['wrong.quality_defect', new Set(['0:2'])],
    ])
    const { fired } = evaluateRules(rules, facts, apart)
    expect(fired.map((f) => f.rule.id)).not.toContain('product-defect-circulation')
  })

  it('record the facts each failed rule looked for', () => {
    const { results } = evaluateRules(rules, new Set(['subject.fireworks']))
    const quality = results.find((r) => r.id === 'fireworks-quality')!
    expect(quality.result).toBe(false)
    expect(quality.conditions).toContainEqual({ op: 'any', facts: expect.arrayContaining(['wrong.quality_defect']), result: false })
  })
})

describe('routeComplaint explanations', () => {
  const engine = createRoutingEngine({ knowledge })

  it('cite the seed verbatim: the boundary row, its legal basis and its worked case', () => {
    const decision = routeComplaint({ turns: ['在商场买的皮鞋穿了几天就掉底了'] }, engine)
    expect(decision.kind).toBe('routed')
    if (decision.kind !== 'routed') return
    const row = decision.citations.find((c) => c.id === 'boundary-03.commerce')!
    expect(row.text).toBe('受理流通领域产品质量投诉、举报和咨询。')
    expect(row.case).toMatch(/高档皮鞋/)
    expect(decision.citations.find((c) => c.id === 'boundary-12.commerce')?.legalBasis).toEqual(['海南省工商局三定方案'])
  })

  it('keep the failed rules that saw a fact and leave out unrelated ones', () => {
    const decision = routeComplaint({ turns: ['烟花质量太差'] }, engine)
    const ids = decision.ruleResults.map((r) => r.id)
    expect(ids).toContain('fireworks-safety')
    expect(ids).not.toContain('special-equipment-boiler')
  })

  it('return the same decision for the same input', () => {
    const a = routeComplaint({ turns: ['加油机少加油'] }, engine)
    const b = routeComplaint({ turns: ['加油机少加油'] }, engine)
    expect(b).toEqual(a)
  })
})
