import type { Knowledge } from '../knowledge/index.ts'
import { getDepartment, getEntry } from '../knowledge/index.ts'
import type { Rule } from '../knowledge/routing-schemas.ts'
import type { ExtractedFacts } from './facts.ts'
import { extractFacts } from './facts.ts'
import type { RoutingEngine } from './engine.ts'
import { normalizeText } from './normalize.ts'
import type { RetrievalHit } from './retrieve.ts'
import { evaluateRules } from './rules.ts'
import type {
  Citation,
  Danger,
  DepartmentRef,
  RouteInput,
  RoutingDecision,
} from './schemas.ts'

/** How many passages the decision shows as supporting evidence. */
const RETRIEVAL_DEPTH = 5

/**
 * Routes a complaint (one turn) or a conversation (the turns so far) to a
 * department, a clarifying question, or out of scope. Pure: no I/O, no clock,
 * no environment; the same input gives the same decision.
 *
 * @example
 * const engine = createRoutingEngine({ knowledge })
 * routeComplaint({ turns: ['超市买的电热水壶漏电，超市不给换'] }, engine)
 * // { kind: 'routed', department: { id: 'commerce', name: '县工商局' }, firedRules: ['product-circulation', …], … }
 */
export function routeComplaint(input: RouteInput, engine: RoutingEngine): RoutingDecision {
  const { knowledge, lexicon } = engine
  const turns = input.turns.map((t) => normalizeText(t))
  const extracted = extractFacts(turns, lexicon)
  const { results, fired } = evaluateRules(knowledge.routing.rules, extracted.facts, extracted.places)
  const retrieved = retrieve(engine, extracted)

  const base = {
    facts: extracted.evidence,
    mentionedDepartments: extracted.mentionedDepartments,
    firedRules: fired.map((f) => f.rule.id),
    // evaluateRules checks only rules that name a fact present: exactly the ones worth explaining
    ruleResults: results,
    retrieved: retrieved.map((h) => ({ id: h.id, departmentId: h.departmentId, title: h.title, score: round(h.score) })),
    danger: dangerOf(knowledge, extracted),
    knowledgeVersion: knowledge.version,
  }

  const winner = chooseWinner(fired.map((f) => f.rule), extracted.facts)
  if (!winner) {
    const hasSubject = [...extracted.facts].some((f) => /^(subject|wrong|stage)\./.test(f))
    // 在吗 / 我要投诉 says nothing yet: ask what it is about rather than call it out of scope
    const saysLittle = extracted.facts.size === 0 && contentLength(extracted.cleanedTurns) <= SAYS_LITTLE
    if (hasSubject || saysLittle) return ask(knowledge, knowledge.routing.fallback.question, base, 0.3)
    const { redirect, explain } = knowledge.routing.fallback
    return {
      kind: 'out_of_scope',
      redirect,
      topic: null,
      nextStep: `请拨打${redirect}政务服务便民热线。`,
      explanation: explain,
      confidence: 0.6,
      ...base,
    }
  }

  if (winner.ask) return ask(knowledge, winner.ask.question, base, 0.5)

  if (winner.outOfScope) {
    const { topic, redirect, explain } = winner.outOfScope
    return {
      kind: 'out_of_scope',
      redirect,
      topic,
      nextStep: redirect === '110' ? '请立即拨打110报警。' : `请拨打${redirect}政务服务便民热线。`,
      explanation: explain,
      confidence: 0.8,
      ...base,
    }
  }

  const route = winner.route!
  const department = departmentRef(knowledge, route.department)
  const citations = route.cite.map((id) => citationOf(knowledge, id))
  return {
    kind: 'routed',
    department,
    coResponsible: route.coResponsible.map((id) => departmentRef(knowledge, id)),
    matter: { id: route.matter, name: matterName(knowledge, route.matter) },
    citations,
    nextStep: getDepartment(knowledge, route.department)!.contact,
    // The rule's own plain sentence: citizens read it; operators also see the facts behind it.
    explanation: route.explain,
    confidence: confidenceOf(winner, extracted, retrieved, route.department),
    ...base,
  }
}

/** Messages with at most this many letters and no recognised fact are greetings or openers (在吗, 我要投诉). */
const SAYS_LITTLE = 4

function contentLength(turns: readonly string[]): number {
  return turns.join('').replace(/[^\p{L}\p{N}]/gu, '').length
}

/**
 * The best rule that held, except that an out-of-scope topic marked `outweighsMentions` beats a route
 * when the caller names no wrong and no danger (电梯广告费 is about money, not the elevator).
 */
function chooseWinner(fired: readonly Rule[], facts: ReadonlySet<string>): Rule | undefined {
  const best = fired[0]
  if (!best || best.outOfScope) return best
  const topic = fired.find((r) => r.outOfScope?.outweighsMentions)
  if (!topic) return best
  // Asking who to call (请问…找谁) or a fee (多收) is not about the thing mentioned; a wrong, a danger or a
  // procedure on the thing itself (电梯定期检验如何申请) is.
  const complains = [...facts].some((f) => (/^(wrong|signal)\./.test(f) && f !== 'wrong.overcharge') || f === 'ask.procedure')
  return complains ? best : topic
}

type DecisionBase = Omit<Extract<RoutingDecision, { kind: 'routed' }>, 'kind' | 'department' | 'coResponsible' | 'matter' | 'citations' | 'nextStep' | 'explanation' | 'confidence'>

function ask(knowledge: Knowledge, questionId: string, base: DecisionBase, confidence: number): RoutingDecision {
  const question = knowledge.questions.find((q) => q.id === questionId)!
  return {
    kind: 'needs_clarification',
    missingFact: question.missingFact,
    questionId: question.id,
    question: question.question,
    suggestions: question.suggestions.map((label) => ({ label })),
    citations: question.cite.map((id) => citationOf(knowledge, id)),
    explanation: '要确定由哪个部门处理，还需要您补充一个情况。',
    confidence,
    ...base,
  }
}

function retrieve(engine: RoutingEngine, extracted: ExtractedFacts): RetrievalHit[] {
  const tokens = extracted.cleanedTurns.flatMap((t) => engine.segmenter.cut(t))
  for (const fact of extracted.facts) tokens.push(...(engine.lexicon.expand.get(fact) ?? []))
  return engine.retriever.retrieve({ tokens }, RETRIEVAL_DEPTH)
}

function dangerOf(knowledge: Knowledge, extracted: ExtractedFacts): Danger | null {
  const signals = knowledge.routing.dangers.filter((d) => extracted.presentSignals.includes(d.fact))
  if (signals.length === 0) return null
  return {
    call: [...new Set(signals.flatMap((s) => s.call))],
    advice: signals.map((s) => s.advice).join(''),
    signals: signals.map((s) => s.fact),
  }
}

/**
 * Starts from the rule's specificity, gains when retrieval agrees with the
 * department, loses when the supply-chain stage rests on hints only.
 */
function confidenceOf(rule: Rule, extracted: ExtractedFacts, retrieved: readonly RetrievalHit[], departmentId: string): number {
  const specificity = rule.when.all.length + (rule.when.any.length > 0 ? 1 : 0)
  let confidence = 0.62 + 0.1 * Math.min(specificity, 3)
  if (retrieved.some((h) => h.departmentId === departmentId)) confidence += 0.05
  const usesGroup = [...rule.when.all, ...rule.when.any].some((f) => extracted.weakGroups.includes(f.slice(0, f.indexOf('.'))))
  if (usesGroup) confidence -= 0.2
  return round(Math.max(0.05, Math.min(0.97, confidence)))
}


function departmentRef(knowledge: Knowledge, id: string): DepartmentRef {
  const department = getDepartment(knowledge, id)!
  return { id: department.id, name: department.name }
}

/** The plain name of what a decision rests on: 申诉处理, 特种设备安全监察, 商品条码服务. */
export function matterName(knowledge: Knowledge, id: string): string {
  const matter = knowledge.matters.find((m) => m.id === id)
  if (matter) return matter.name
  const duty = knowledge.duties.find((d) => d.id === id)
  if (duty) return duty.title
  const regime = knowledge.regimes.find((r) => r.id === id)
  if (regime) return regime.title
  const service = knowledge.services.find((s) => s.id === id)
  if (service) return service.name
  return getEntry(knowledge, id)?.title ?? id
}

export function citationOf(knowledge: Knowledge, id: string): Citation {
  const entry = getEntry(knowledge, id)!
  return {
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    text: entry.text,
    legalBasis: [...(entry.legalBasis ?? [])],
    case: entry.case ?? null,
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
