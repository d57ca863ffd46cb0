import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.ts'
import { createRoutingEngine, routeComplaint } from '../../src/routing/index.ts'

/** Golden routing cases: complaint (or conversation) → expected outcome, fired rule and citation. */
const Case = z.strictObject({
  name: z.string(),
  turns: z.array(z.string()).min(1),
  expect: z.strictObject({
    kind: z.enum(['routed', 'needs_clarification', 'out_of_scope']).default('routed'),
    department: z.string().optional(),
    acceptable: z.array(z.string()).default([]),
    coResponsible: z.array(z.string()).optional(),
    rule: z.string().optional(),
    cites: z.string().optional(),
    question: z.string().optional(),
    redirect: z.string().optional(),
    danger: z.boolean().optional(),
  }),
})

const CASES_DIR = new URL('./cases/', import.meta.url).pathname
const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json'))
const engine = createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })

for (const file of files) {
  const cases = z.array(Case).parse(JSON.parse(readFileSync(join(CASES_DIR, file), 'utf8')))
  describe(`routing cases: ${file}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const decision = routeComplaint({ turns: c.turns }, engine)
      const e = c.expect
      expect(decision.kind, JSON.stringify({ facts: decision.facts.map((f) => f.fact), fired: decision.firedRules })).toBe(e.kind)
      if (decision.kind === 'routed') {
        expect([e.department, ...e.acceptable]).toContain(decision.department.name)
        if (e.rule) expect(decision.firedRules[0]).toBe(e.rule)
        if (e.cites) expect(decision.citations.map((x) => x.id)).toContain(e.cites)
        if (e.coResponsible) expect(decision.coResponsible.map((d) => d.name)).toEqual(e.coResponsible)
      }
      if (decision.kind === 'needs_clarification' && e.question) expect(decision.questionId).toBe(e.question)
      if (decision.kind === 'out_of_scope' && e.redirect) expect(decision.redirect).toBe(e.redirect)
      if (e.danger !== undefined) expect(decision.danger !== null).toBe(e.danger)
    })
  })
}
