import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/index.ts'
import { compileLexicon, extractFacts, normalizeText } from '../../src/routing/index.ts'

const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
const lexicon = compileLexicon(knowledge)
const factsOf = (...turns: string[]) => extractFacts(turns.map((t) => normalizeText(t)), lexicon)

describe('extractFacts', () => {
  it('finds the subject, the stage and the wrong in a plain complaint', () => {
    const { facts } = factsOf('在超市买的电热水壶漏电了')
    expect([...facts]).toEqual(expect.arrayContaining(['subject.product', 'stage.circulation', 'wrong.product_defect']))
  })

  it('lets an implied fact follow from a specific one (an elevator is special equipment)', () => {
    expect(factsOf('电梯门关不上').facts.has('subject.special_equipment')).toBe(true)
  })

  it('cancels a stage word that follows a negation in the same clause', () => {
    const { facts, negated } = factsOf('不是在商场买的，是厂里直接拿的货')
    expect(facts.has('stage.circulation')).toBe(false)
    expect(facts.has('stage.production')).toBe(true)
    expect(negated.map((n) => n.fact)).toContain('stage.circulation')
  })

  it('does not let a negation reach across a clause break', () => {
    expect(factsOf('质量不是小事，我在商场买的').facts.has('stage.circulation')).toBe(true)
  })

  it('never treats a department the caller names as evidence', () => {
    const result = factsOf('工商局让我打12365找质监局')
    expect(result.mentionedDepartments).toEqual(expect.arrayContaining(['工商局', '12365', '质监局']))
    expect([...result.facts]).toEqual([])
  })

  it('leaves the stage open when only hints support it (买的, 厂家)', () => {
    expect(factsOf('新买的洗衣机漏水').facts.has('stage.circulation')).toBe(false)
    expect(factsOf('厂家的热水器坏了').facts.has('stage.production')).toBe(false)
  })

  it('leaves the stage open when shop and factory evidence tie', () => {
    expect([...factsOf('工厂和超市都说不是他们的问题').facts].filter((f) => f.startsWith('stage.'))).toEqual([])
  })

  it('lets the answer to a question settle the stage over the first message', () => {
    const { facts } = factsOf('鞋子开胶了，厂家电话打不通', '在鞋店买的')
    expect(facts.has('stage.circulation')).toBe(true)
  })

  it('keeps the longest word where words overlap (液化气罐 is a cylinder, not just 液化气)', () => {
    const { evidence } = factsOf('液化气罐漏气')
    expect(evidence.find((e) => e.fact === 'subject.gas_cylinder')?.terms).toEqual(['液化气罐'])
  })

  it('treats a danger in the past as past, and a danger now as present', () => {
    expect(factsOf('上个月电梯困人').presentSignals).toEqual([])
    expect(factsOf('电梯困人了，里面有老人').presentSignals).toEqual(['signal.trapped'])
  })

  it('recognises short weight written with numbers and units', () => {
    expect(factsOf('标着500克，回家一称只有460克').facts.has('wrong.short_weight')).toBe(true)
  })
})

describe('clarifying questions', () => {
  it.each(knowledge.questions.flatMap((q) => q.suggestions.map((s) => [q.id, q.missingFact, s] as const)))(
    'question %s: the suggestion "%s"/"%s" supplies the missing fact when picked',
    (_id, missing, suggestion) => {
      const facts = [...factsOf(suggestion).facts]
      expect(facts.some((f) => missing.split(',').some((family) => f.startsWith(`${family}.`)))).toBe(true)
    },
  )
})
