import type { Knowledge } from '../knowledge/index.ts'
import type { FactEvidence } from './schemas.ts'

/** A lexicon compiled once at start-up for fast matching. */
export type CompiledLexicon = {
  /** words by their first character, longest first */
  byFirstChar: ReadonlyMap<string, readonly CompiledTerm[]>
  patterns: readonly CompiledPattern[]
  /** department names and aliases, longest first, blanked out of the text before matching */
  departmentNames: readonly { name: string; departmentId: string }[]
  ignore: readonly string[]
  ignorePatterns: readonly RegExp[]
  negations: readonly string[]
  negationGap: number
  pastMarkers: readonly string[]
  presentMarkers: readonly string[]
  /** words that clear a mentioned thing of blame (see {@link isExonerated}) */
  exoneration: {
    after: readonly string[]
    notComplaining: readonly string[]
    notTheProblem: readonly string[]
    reported: readonly string[]
    gap: number
  }
  /** phrases that set aside what was said before them in their sentence (see {@link dismissedRanges}) */
  dismissals: readonly string[]
  /** phrases after which the words settle group contests first, as a later turn does */
  corrections: readonly string[]
  /** group id → margin (facts named `<group>.*` compete) */
  groups: ReadonlyMap<string, number>
  /** fact → every fact it implies (transitively) */
  implies: ReadonlyMap<string, readonly string[]>
  labels: ReadonlyMap<string, string>
  expand: ReadonlyMap<string, readonly string[]>
  /** every word of the lexicon, for the segmenter's domain dictionary */
  words: readonly string[]
}

type FactHit = { fact: string; weight: number; negatable: boolean }
type CompiledTerm = { term: string; hits: readonly FactHit[] }
type CompiledPattern = { source: string; re: RegExp; hit: FactHit; triggers: readonly string[] | null }

/**
 * Weight of a word (a hint weighs 1). Three, so that two hints (卖, 老板) cannot tie one word
 * (袋厂) and keep a group open that the caller's own words settle.
 */
const STRONG = 3

const CLAUSE_BREAK = /[，。！？；;,.!?\n、]/u

/**
 * Compiles `knowledge.lexicon` into lookup tables. Run once; the result is immutable.
 *
 * @example
 * const lexicon = compileLexicon(knowledge)
 * extractFacts(['小区电梯困人了'], lexicon).facts // Set { 'subject.elevator', 'signal.trapped', 'subject.special_equipment' }
 */
export function compileLexicon(knowledge: Knowledge): CompiledLexicon {
  const { lexicon, departments } = knowledge
  const termHits = new Map<string, FactHit[]>()
  const patterns: CompiledPattern[] = []
  const labels = new Map<string, string>()
  const expand = new Map<string, string[]>()
  const directImplies = new Map<string, string[]>()

  for (const entry of lexicon.entries) {
    labels.set(entry.fact, entry.label)
    expand.set(entry.fact, [...(expand.get(entry.fact) ?? []), ...entry.expand])
    directImplies.set(entry.fact, [...(directImplies.get(entry.fact) ?? []), ...entry.implies])
    const add = (raw: string, weight: number) => {
      const term = normalizeTerm(raw)
      if (!term) return
      const hits = termHits.get(term) ?? []
      if (!hits.some((h) => h.fact === entry.fact)) hits.push({ fact: entry.fact, weight, negatable: entry.negatable })
      termHits.set(term, hits)
    }
    for (const term of entry.terms) add(term, STRONG)
    for (const term of entry.weakTerms) add(term, 1)
    for (const source of entry.patterns) {
      patterns.push({
        source,
        re: new RegExp(source, 'gu'),
        hit: { fact: entry.fact, weight: STRONG, negatable: entry.negatable },
        triggers: triggersOf(source),
      })
    }
  }

  const byFirstChar = new Map<string, CompiledTerm[]>()
  for (const [term, hits] of termHits) {
    const first = term[0]!
    const list = byFirstChar.get(first) ?? []
    list.push({ term, hits })
    byFirstChar.set(first, list)
  }
  for (const list of byFirstChar.values()) list.sort((a, b) => b.term.length - a.term.length)

  const implies = new Map<string, string[]>()
  for (const fact of directImplies.keys()) implies.set(fact, closure(fact, directImplies))

  const departmentNames = departments
    .flatMap((d) => [d.name, ...d.aliases].map((name) => ({ name: normalizeTerm(name), departmentId: d.id })))
    .filter((d) => d.name.length >= 2)
    .sort((a, b) => b.name.length - a.name.length)

  return {
    byFirstChar,
    patterns,
    departmentNames,
    ignore: lexicon.ignore.map(normalizeTerm),
    ignorePatterns: lexicon.ignorePatterns.map((source) => new RegExp(source, 'gu')),
    negations: [...lexicon.negations].sort((a, b) => b.length - a.length),
    negationGap: lexicon.negationGap,
    pastMarkers: lexicon.pastMarkers,
    presentMarkers: lexicon.presentMarkers,
    exoneration: lexicon.exoneration,
    dismissals: lexicon.dismissals.map(normalizeTerm),
    corrections: lexicon.corrections.map(normalizeTerm),
    groups: new Map(lexicon.groups.map((g) => [g.id, g.margin])),
    implies,
    labels,
    expand,
    // Only short word-like terms go to jieba: phrase-like ones (加油站加油, 买的) would swallow their neighbours.
    words: [...termHits.keys()].filter((t) => t.length >= 2 && t.length <= 4 && /^\p{Script=Han}+$/u.test(t)),
  }
}

/**
 * The characters a pattern's match must start with, when its source begins with a plain literal or a
 * group of plain literal alternatives (`(说是|标着|写着)…`); null when it cannot tell. A text holding
 * none of them cannot match, so the regular expression is not run (most patterns, most complaints).
 */
function triggersOf(source: string): string[] | null {
  const group = /^\(((?:[\p{Script=Han}a-z0-9]+\|)*[\p{Script=Han}a-z0-9]+)\)(?![?*])/u.exec(source)
  if (group) return [...new Set(group[1]!.split('|').map((alt) => alt[0]!))]
  const literal = /^([\p{Script=Han}a-z0-9])(?![?*{])/u.exec(source)
  return literal ? [literal[1]!] : null
}

function normalizeTerm(term: string): string {
  return term.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

function closure(fact: string, direct: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set<string>()
  const stack = [...(direct.get(fact) ?? [])]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (seen.has(next) || next === fact) continue
    seen.add(next)
    stack.push(...(direct.get(next) ?? []))
  }
  return [...seen]
}

/** What the extractor found in a conversation. */
export type ExtractedFacts = {
  /** the facts rules see: non-group facts from every turn, the winner of each group, and their implications */
  facts: ReadonlySet<string>
  evidence: FactEvidence[]
  /** facts a negation cancelled, e.g. 不是在商场买的 → stage.circulation */
  negated: FactEvidence[]
  /** department names the caller used (not evidence: a caller may name the wrong bureau) */
  mentionedDepartments: string[]
  /** whether the group winner rests on weak hints only */
  weakGroups: string[]
  /** danger signals that are happening now (not only in the past) */
  presentSignals: string[]
  /** the text each turn was matched on, with department names blanked */
  cleanedTurns: string[]
  /** where each fact was said: `turn:sentence` keys, for rules that need two facts in one sentence */
  places: ReadonlyMap<string, ReadonlySet<string>>
}

type GroupScores = Map<string, Map<string, { weight: number; strong: boolean }>>

type Match = { start: number; end: number; term: string; hits: readonly FactHit[]; fromPattern: boolean }

/**
 * Extracts facts from the turns of a conversation. Pure and deterministic.
 * Department names are removed first: the bureau a caller names is not a fact about the complaint.
 */
export function extractFacts(turns: readonly string[], lexicon: CompiledLexicon): ExtractedFacts {
  const plain = new Set<string>()
  const evidence = new Map<string, FactEvidence>()
  const negated: FactEvidence[] = []
  const mentioned = new Set<string>()
  // one entry per turn, plus one after each turn's last correction; `answer` marks a later turn, where a hint settles
  const groupScoresByTurn: { scores: GroupScores; answer: boolean }[] = []
  const presentSignals = new Set<string>()
  const cleanedTurns: string[] = []
  const places = new Map<string, Set<string>>()
  // subject → where (turn, then offset) the caller last cleared it of blame (电梯本身没毛病), and last named it
  const clearedAt = new Map<string, number>()
  const assertedAt = new Map<string, number>()
  const place = (fact: string, key: string) => {
    const set = places.get(fact) ?? new Set<string>()
    set.add(key)
    places.set(fact, set)
  }

  turns.forEach((turn, index) => {
    const { text, mentions } = blankDepartments(turn, lexicon)
    for (const m of mentions) mentioned.add(m)
    cleanedTurns.push(text)
    const matches = findMatches(text, lexicon)
    // What follows a correction (其实, 后来发现) is scored apart and read like a later turn: it settles the
    // contest when it can (开始以为是小卖部…后来发现是村后面的作坊在套名牌外壳).
    const groupScores: GroupScores = new Map()
    const correctedScores: GroupScores = new Map()
    const turnSignals = new Set<string>()
    const sentenceOf = sentenceIndexer(text)
    const dismissed = dismissedRanges(text, lexicon)
    const correctedFrom = correctionStart(text, lexicon)

    for (const match of matches) {
      const setAside = dismissed.some(([from, to]) => from <= match.start && match.start < to)
      for (const hit of match.hits) {
        const record: FactEvidence = {
          fact: hit.fact,
          label: lexicon.labels.get(hit.fact) ?? hit.fact,
          terms: [match.term],
          turn: index,
        }
        if (setAside || (hit.negatable && isNegated(text, match.start, lexicon))) {
          negated.push(record)
          continue
        }
        if (hit.fact.startsWith('subject.')) {
          const at = index * 1_000_000 + match.start
          if (isExonerated(text, match.start, match.end, lexicon)) {
            clearedAt.set(hit.fact, Math.max(clearedAt.get(hit.fact) ?? -1, at))
            negated.push(record)
            continue
          }
          assertedAt.set(hit.fact, Math.max(assertedAt.get(hit.fact) ?? -1, at))
        }
        place(hit.fact, `${index}:${sentenceOf(match.start)}`)
        const group = hit.fact.slice(0, hit.fact.indexOf('.'))
        if (lexicon.groups.has(group)) {
          const segment = match.start >= correctedFrom ? correctedScores : groupScores
          const scores = segment.get(group) ?? new Map()
          const score = scores.get(hit.fact) ?? { weight: 0, strong: false }
          score.weight += hit.weight
          score.strong ||= hit.weight >= STRONG
          scores.set(hit.fact, score)
          segment.set(group, scores)
        } else {
          plain.add(hit.fact)
          if (hit.fact.startsWith('signal.')) turnSignals.add(hit.fact)
        }
        const key = `${hit.fact}\0${index}`
        const existing = evidence.get(key)
        if (existing) {
          if (!existing.terms.includes(match.term)) existing.terms.push(match.term)
        } else {
          evidence.set(key, record)
        }
      }
    }
    groupScoresByTurn.push({ scores: groupScores, answer: index > 0 })
    if (correctedScores.size > 0) groupScoresByTurn.push({ scores: correctedScores, answer: false })
    if (turnSignals.size > 0 && !isPastOnly(text, lexicon)) for (const s of turnSignals) presentSignals.add(s)
  })

  // A thing cleared of blame is context wherever it was mentioned before; a mention after the clearing
  // is about another one (我们的血压计是正常的。医院那台血压计…) and keeps it.
  for (const [fact, at] of clearedAt) if ((assertedAt.get(fact) ?? -1) <= at) plain.delete(fact)
  const facts = new Set(plain)
  const weakGroups: string[] = []
  for (const [group, margin] of lexicon.groups) {
    const winner = decideGroup(group, margin, groupScoresByTurn)
    if (winner) {
      facts.add(winner.fact)
      if (!winner.strong) weakGroups.push(group)
    }
  }
  for (const fact of [...facts]) {
    for (const implied of lexicon.implies.get(fact) ?? []) {
      facts.add(implied)
      for (const key of places.get(fact) ?? []) place(implied, key)
    }
  }

  const groupFacts = [...lexicon.groups.keys()]
  const kept = [...evidence.values()].filter((e) => {
    const group = e.fact.slice(0, e.fact.indexOf('.'))
    return groupFacts.includes(group) || e.fact.startsWith('subject.') ? facts.has(e.fact) : true
  })

  return {
    facts,
    evidence: kept,
    negated,
    mentionedDepartments: [...mentioned],
    weakGroups,
    presentSignals: [...presentSignals],
    cleanedTurns,
    places,
  }
}

const SENTENCE_BREAK = /[。！？!?；;\n]/u

/** Maps a character offset to the index of its sentence (split on 。！？；). */
function sentenceIndexer(text: string): (offset: number) => number {
  const starts: number[] = [0]
  for (let i = 0; i < text.length; i++) if (SENTENCE_BREAK.test(text[i]!)) starts.push(i + 1)
  return (offset) => {
    let sentence = 0
    while (sentence + 1 < starts.length && starts[sentence + 1]! <= offset) sentence++
    return sentence
  }
}

/**
 * Whether some fact of `a` and some fact of `b` were said in one sentence. Facts said in different
 * turns count as near: a later turn answers the first, so it is about the same thing.
 */
export function saidTogether(
  places: ReadonlyMap<string, ReadonlySet<string>>,
  a: readonly string[],
  b: readonly string[],
): boolean {
  const keysA = a.flatMap((f) => [...(places.get(f) ?? [])])
  const keysB = b.flatMap((f) => [...(places.get(f) ?? [])])
  if (keysA.length === 0 || keysB.length === 0) return false
  const turnsA = new Set(keysA.map((k) => k.slice(0, k.indexOf(':'))))
  const turnsB = new Set(keysB.map((k) => k.slice(0, k.indexOf(':'))))
  if ([...turnsA].some((t) => !turnsB.has(t)) || [...turnsB].some((t) => !turnsA.has(t))) return true
  const setB = new Set(keysB)
  return keysA.some((k) => setB.has(k))
}

/**
 * The latest turn that settles a group decides it (an answer overrides the first message); else all
 * turns together. In a follow-up turn a hint is enough: "网上" answers "where did you buy it?". What follows a
 * correction (其实…, 后来发现…) comes after its turn and settles it with strong words only.
 */
function decideGroup(
  group: string,
  margin: number,
  byTurn: readonly { scores: GroupScores; answer: boolean }[],
): { fact: string; strong: boolean } | undefined {
  for (let i = byTurn.length - 1; i >= 0; i--) {
    const winner = leader(byTurn[i]!.scores.get(group), margin, byTurn[i]!.answer)
    if (winner) return winner
  }
  const total = new Map<string, { weight: number; strong: boolean }>()
  for (const { scores } of byTurn) {
    for (const [fact, score] of scores.get(group) ?? []) {
      const sum = total.get(fact) ?? { weight: 0, strong: false }
      total.set(fact, { weight: sum.weight + score.weight, strong: sum.strong || score.strong })
    }
  }
  return leader(total, margin)
}

function leader(
  scores: Map<string, { weight: number; strong: boolean }> | undefined,
  margin: number,
  hintsSuffice = false,
): { fact: string; strong: boolean } | undefined {
  if (!scores || scores.size === 0) return undefined
  const ranked = [...scores].sort((a, b) => b[1].weight - a[1].weight)
  const [first, second] = ranked
  if (!first || first[1].weight - (second?.[1].weight ?? 0) < margin) return undefined
  // Hints alone (买的, 厂家) do not settle a first message: weak evidence leads to a question, not a guess.
  if (!first[1].strong && !hintsSuffice) return undefined
  return { fact: first[0], strong: first[1].strong }
}

function blankDepartments(turn: string, lexicon: CompiledLexicon): { text: string; mentions: string[] } {
  let text = turn
  const mentions: string[] = []
  for (const { name } of lexicon.departmentNames) {
    if (!text.includes(name)) continue
    mentions.push(name)
    text = text.split(name).join(' '.repeat(name.length))
  }
  for (const phrase of lexicon.ignore) {
    if (text.includes(phrase)) text = text.split(phrase).join(' '.repeat(phrase.length))
  }
  for (const re of lexicon.ignorePatterns) text = text.replace(re, (m) => ' '.repeat(m.length))
  return { text, mentions }
}

/** Longest words first; a word inside a longer word is not counted. Patterns add facts without consuming words. */
function findMatches(text: string, lexicon: CompiledLexicon): Match[] {
  const candidates: Match[] = []
  for (let i = 0; i < text.length; i++) {
    const list = lexicon.byFirstChar.get(text[i]!)
    if (!list) continue
    for (const { term, hits } of list) {
      if (text.startsWith(term, i)) candidates.push({ start: i, end: i + term.length, term, hits, fromPattern: false })
    }
  }
  // A word inside a longer word found here is not counted (液化气 inside 液化气罐); words that merely
  // overlap both count (家电 and 电表 in 我家电表), since either reading may be the caller's.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const accepted: Match[] = []
  for (const c of candidates) {
    if (accepted.some((a) => a.start <= c.start && c.end <= a.end)) continue
    accepted.push(c)
  }
  const words = accepted.length
  for (const { re, hit, triggers } of lexicon.patterns) {
    if (triggers && !triggers.some((c) => text.includes(c))) continue
    re.lastIndex = 0
    for (const m of text.matchAll(re)) {
      const start = m.index
      const end = start + m[0].length
      // A pattern that overlaps a word already giving the same fact as strongly adds nothing (工厂 is one piece of
      // evidence, not two); over a mere hint (五金 in 陈记五金买的) the pattern's weight counts.
      const counted = accepted
        .slice(0, words)
        .some((w) => w.start < end && start < w.end && w.hits.some((h) => h.fact === hit.fact && h.weight >= hit.weight))
      if (!counted) accepted.push({ start, end, term: m[0], hits: [hit], fromPattern: true })
    }
  }
  return accepted.sort((a, b) => a.start - b.start)
}

/**
 * Spans a caller sets aside: from the start of the sentence holding a dismissal (不计较, 那不是重点, 我认了)
 * to the end of the dismissal's clause. 司机绕路我就不计较了，关键是计价器在跳 keeps 计价器, drops 绕路.
 */
function dismissedRanges(text: string, lexicon: CompiledLexicon): [number, number][] {
  const ranges: [number, number][] = []
  for (const phrase of lexicon.dismissals) {
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
      let from = at
      while (from > 0 && !SENTENCE_BREAK.test(text[from - 1]!)) from--
      let to = at + phrase.length
      // a space ends the clause too: 超速罚单我认了 但想问下测速仪… is typed without commas
      while (to < text.length && !CLAUSE_BREAK.test(text[to]!) && !/\s/u.test(text[to]!)) to++
      ranges.push([from, to])
    }
  }
  return ranges
}

/** Where the words after the last correction (其实, 后来发现) begin; past the end when there is none. */
function correctionStart(text: string, lexicon: CompiledLexicon): number {
  let last = -1
  for (const phrase of lexicon.corrections) {
    const at = text.lastIndexOf(phrase)
    if (at >= 0) last = Math.max(last, at + phrase.length)
  }
  return last < 0 ? Number.POSITIVE_INFINITY : last
}

/** A negation word shortly before the match, in the same clause: 不是在商场买的. */
function isNegated(text: string, start: number, lexicon: CompiledLexicon): boolean {
  let clauseStart = start
  while (clauseStart > 0 && !CLAUSE_BREAK.test(text[clauseStart - 1]!)) clauseStart--
  const before = text.slice(clauseStart, start)
  for (const neg of lexicon.negations) {
    const at = before.lastIndexOf(neg)
    if (at >= 0 && !isQuestionForm(before, at, neg) && before.length - (at + neg.length) <= lexicon.negationGap) return true
  }
  return false
}

/** 是不是在商场买的 / 是不是锅炉的问题 asks; it does not deny. */
function isQuestionForm(before: string, at: number, neg: string): boolean {
  return neg.startsWith('不是') && before[at - 1] === '是'
}

/**
 * A thing the caller says is not the problem: 电梯本身没毛病, 秤是准的, 不是秤的问题, 我不是投诉加油机.
 * Such a mention is context, not the subject of the complaint.
 */
function isExonerated(text: string, start: number, end: number, lexicon: CompiledLexicon): boolean {
  let clauseStart = start
  while (clauseStart > 0 && !CLAUSE_BREAK.test(text[clauseStart - 1]!)) clauseStart--
  let clauseEnd = end
  while (clauseEnd < text.length && !CLAUSE_BREAK.test(text[clauseEnd]!)) clauseEnd++
  const before = text.slice(clauseStart, start)
  const after = text.slice(end, clauseEnd)
  const { after: cleared, notComplaining, notTheProblem, gap, reported } = lexicon.exoneration
  // 他们说地磅是准的 is the other side's claim, not the caller clearing it
  // (不是说 is the caller's own denial, not a report)
  const told = before.replaceAll('不是说', '')
  if (reported.some((w) => told.includes(w))) return false
  // …but 锅炉工说没事 is someone's claim about the 锅炉, not the caller clearing it
  const clearedAfter = cleared.some((p) => {
    const at = after.indexOf(p)
    return at >= 0 && at <= gap && !reported.some((w) => after.slice(0, at).includes(w))
  })
  if (clearedAfter) return true
  // 我不是投诉加油机 clears the 加油机; 不是投诉检测站资质的问题 is about the 资质, not the station
  const restIsBare = /^(本身|的问题|的事)?[了哈啊呀嘛的]*$/u.test(after)
  if (restIsBare && notComplaining.some((p) => { const at = before.lastIndexOf(p); return at >= 0 && before.length - (at + p.length) <= 2 })) return true
  const framed = ['不是', '不是说'].some((p) => before.endsWith(p) && !isQuestionForm(before, before.length - p.length, p))
  return framed && notTheProblem.some((p) => after.startsWith(p))
}

/** 昨天电梯困人 is a past event: no 119 advice unless something says it is still happening. */
function isPastOnly(text: string, lexicon: CompiledLexicon): boolean {
  return lexicon.pastMarkers.some((m) => text.includes(m)) && !lexicon.presentMarkers.some((m) => text.includes(m))
}
