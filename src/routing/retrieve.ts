import type { Knowledge } from '../knowledge/load.ts'
import { normalizeText } from './normalize.ts'
import type { Segmenter } from './segment.ts'

export type PassageKind = 'duty' | 'duty-item' | 'boundary-share' | 'regime' | 'service'

/** One retrievable piece of the bureau's responsibility list. */
export type Passage = {
  /** The knowledge id it cites: `duty-06`, `duty-06.4`, `boundary-03.commerce`, `regime-12`, `service-3`. */
  id: string
  kind: PassageKind
  /** The department it makes responsible: the share's department, `quality` (the bureau) for the rest. */
  departmentId: string
  /** What it belongs to: the boundary matter of a share, the duty of a duty or item, the regime, the service. */
  matterId: string | null
  /** For people, the same as `getEntry(knowledge, id).title`, e.g. `职责边界 第3项 申诉处理 · 县工商局`. */
  title: string
  /** What is indexed and shown: built from the seed's verbatim sentences (see {@link buildPassages}). */
  text: string
}

/** Tokens already segmented (and possibly expanded with synonyms) by the caller. */
export type RetrievalQuery = { tokens: readonly string[] }

export type RetrievalHit = {
  id: string
  kind: PassageKind
  departmentId: string
  matterId: string | null
  title: string
  /** Higher is more relevant; always > 0. Comparable only within one retriever. */
  score: number
}

/**
 * Finds the passages most relevant to a query. The routing engine's one
 * replaceable input: BM25 in production, {@link createStaticRetriever} in tests.
 *
 * Contract (tests/routing/retriever.cases.ts): at most `k` hits, all with
 * score > 0, by descending score with ties broken by id, the same answer for
 * the same query, and none for a query without tokens. `k` is a non-negative
 * integer or Infinity; anything else is a bug and throws a RangeError.
 */
export interface Retriever {
  retrieve(query: RetrievalQuery, k: number): RetrievalHit[]
}

/** The knowledge fields {@link buildPassages} reads; a full {@link Knowledge} fits. */
export type PassageSource = Pick<Knowledge, 'departments' | 'duties' | 'matters' | 'regimes' | 'services'>

/** The bureau's own department id: duties, regimes and services are all its work. */
const BUREAU = 'quality'

/**
 * Every passage of the knowledge, in file order:
 * - `duty-NN`: the duty's summary (主要职责); `duty-NN.M`: one work item;
 * - `boundary-NN.<department>`: the matter name, that department's
 *   responsibilities and the matter's case (案例). The 相关依据 legal texts are
 *   left out. They are long, mostly on the bureau's own shares and shared
 *   between matters: appended to the text they pushed the bureau's shares
 *   below the other department's (MRR@10 0.86 against 0.93 without), and as a
 *   separate field at weight 0.3 they still cost (0.88). The case stays: without
 *   it, 商场 皮鞋 掉底 finds nothing (MRR@10 0.83);
 * - `regime-NN`: title, 监督检查对象 and 监督检查内容 (the method, measures,
 *   procedure and handling parts are procedure, the same across regimes);
 * - `service-N`: name and content.
 *
 * @example
 * buildPassages(knowledge).find((p) => p.id === 'boundary-03.commerce')
 * // { id: 'boundary-03.commerce', kind: 'boundary-share', departmentId: 'commerce', matterId: 'boundary-03',
 * //   title: '职责边界 第3项 申诉处理 · 县工商局', text: '申诉处理\n受理流通领域产品质量投诉、举报和咨询。\n案例：质监“12365”热线…' }
 */
export function buildPassages(k: PassageSource): Passage[] {
  // Titles follow knowledge/lookup.ts (getEntry); a test over the real knowledge checks they agree.
  const departmentNames = new Map(k.departments.map((d) => [d.id, d.name]))
  const passages: Passage[] = []

  for (const duty of k.duties) {
    const title = `部门职责 第${duty.number}项 ${duty.title}`
    passages.push({ id: duty.id, kind: 'duty', departmentId: BUREAU, matterId: duty.id, title, text: duty.summary })
    duty.items.forEach((item, i) => {
      passages.push({
        id: item.id,
        kind: 'duty-item',
        departmentId: BUREAU,
        matterId: duty.id,
        title: `${title} · 具体工作事项 ${i + 1}`,
        text: item.text,
      })
    })
  }

  for (const matter of k.matters) {
    for (const share of matter.shares) {
      const parts = [matter.name, ...share.responsibilities]
      if (matter.case !== null) parts.push(`案例：${matter.case}`)
      passages.push({
        id: share.id,
        kind: 'boundary-share',
        departmentId: share.department,
        matterId: matter.id,
        title: `职责边界 第${matter.number}项 ${matter.name} · ${departmentNames.get(share.department) ?? share.department}`,
        text: parts.join('\n'),
      })
    }
  }

  for (const regime of k.regimes) {
    passages.push({
      id: regime.id,
      kind: 'regime',
      departmentId: BUREAU,
      matterId: regime.id,
      title: `事中事后监管 第${regime.number}项 ${regime.title}`,
      text: [regime.title, regime.object, regime.content].join('\n'),
    })
  }

  for (const service of k.services) {
    passages.push({
      id: service.id,
      kind: 'service',
      departmentId: BUREAU,
      matterId: service.id,
      title: `公共服务 第${service.number}项 ${service.name}`,
      text: [service.name, service.content].join('\n'),
    })
  }

  return passages
}

/**
 * Function words dropped from passages and queries: they match everything.
 * Negations (不, 没有) are kept out of this list on purpose — rules read them —
 * but BM25's idf makes them weigh little anyway.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '的', '地', '得', '了', '着', '过', '是', '在', '有', '和', '与', '及', '以及', '或', '或者', '等', '等等',
  '对', '为', '由', '把', '被', '给', '向', '从', '到', '于', '以', '之', '其', '该', '各', '将', '并', '并且',
  '而', '但', '但是', '就', '都', '也', '还', '又', '再', '很', '这', '那', '这个', '那个', '这些', '那些',
  '一', '一个', '个', '些', '我', '我们', '你', '你们', '您', '他', '她', '它', '他们', '她们', '它们',
  '自己', '吗', '呢', '吧', '啊', '呀', '哦', '嗯', '啦', '么', '请', '请问', '你好', '您好', '谢谢',
  '如果', '因为', '所以', '可以', '能', '会', '要', '想', '让', '这样', '那样', '如何', '怎么', '什么',
])

/**
 * k1 is the textbook 1.2. b is 0.5, not the textbook 0.75: passages run from
 * one-line duty items to long boundary cases, and full length normalisation
 * buried the long, specific shares under short generic items. On 23 relevance
 * queries over the real knowledge, MRR@10 was 0.93 at b = 0.5 and 0.86–0.90
 * at 0.75, with or without the lexicon's words in the dictionary (k1 from 0.9
 * to 2 moved it by at most 0.02 at b = 0.5).
 */
const DEFAULT_K1 = 1.2
const DEFAULT_B = 0.5

/**
 * How much one occurrence counts when the query word only lies inside a longer
 * passage word (生产许可证 inside 工业产品生产许可证), against 1 for the word
 * itself. Segmentation makes compounds whole tokens wherever the dictionary
 * knows them (the lexicon adds hundreds), so without this a query for the part
 * would miss every passage that uses the compound.
 */
const CONTAINED_WEIGHT = 0.5

/**
 * Weight of a query sub-word. A query word that no passage word equals or
 * contains (液化气瓶, a colloquial compound) falls back to the longest
 * passage words inside it (气瓶), at this weight.
 */
const SUBWORD_WEIGHT = 0.5

/** Longest word searched for parts; a longer one is a phrase jieba failed to split. */
const MAX_PART_SOURCE_LENGTH = 12

/** A term's passages and the (weighted) number of times it occurs in each. */
type Postings = { readonly docs: Int32Array; readonly tfs: Float64Array; readonly idf: number }

const NO_POSTINGS: Postings = { docs: new Int32Array(0), tfs: new Float64Array(0), idf: 0 }

/**
 * Okapi BM25 over `passages`, indexed once at construction: per-word postings
 * (passage number + count), passage lengths and, for every passage word, the
 * shorter words it contains, so a query touches only the postings of its own
 * words.
 *
 * Passage text is normalised ({@link normalizeText}) and cut by `segmenter`
 * exactly as a complaint is, and {@link STOPWORDS} are dropped on both sides.
 * A query word matches a passage word equal to it (weight 1) or containing
 * it ({@link CONTAINED_WEIGHT}); a query word that matches nothing falls back
 * to the passage words inside it ({@link SUBWORD_WEIGHT}). Each query word
 * counts once, however often it repeats. idf is the non-negative
 * `ln(1 + (N − df + 0.5) / (df + 0.5))`, df counting both kinds of match.
 *
 * Cost on the real knowledge (~110 passages, ~1500 domain words): ~6–20 ms
 * to build, nearly all of it segmentation; ~20 µs for a 50-word complaint.
 *
 * @example
 * const retriever = createBm25Retriever({ passages: buildPassages(knowledge), segmenter })
 * retriever.retrieve({ tokens: segmenter.cut(normalizeText('商品条码')) }, 3)[0]?.id // 'service-3'
 */
export function createBm25Retriever({
  passages,
  segmenter,
  k1 = DEFAULT_K1,
  b = DEFAULT_B,
}: {
  passages: readonly Passage[]
  segmenter: Segmenter
  k1?: number
  b?: number
}): Retriever {
  if (!(k1 >= 0) || !(b >= 0 && b <= 1)) throw new RangeError(`BM25 needs k1 >= 0 and 0 <= b <= 1, got k1=${k1}, b=${b}`)
  const ids = new Set<string>()
  for (const passage of passages) {
    if (ids.has(passage.id)) throw new Error(`duplicate passage id "${passage.id}"`)
    ids.add(passage.id)
  }

  const n = passages.length
  const lengths = new Float64Array(n)
  /** word → passage number → count */
  const counts = new Map<string, Map<number, number>>()
  passages.forEach((passage, doc) => {
    const tokens = indexTokens(segmenter, normalizeText(passage.text, { maxLength: Number.POSITIVE_INFINITY }))
    lengths[doc] = tokens.length
    for (const token of tokens) {
      let docs = counts.get(token)
      if (!docs) counts.set(token, (docs = new Map()))
      docs.set(doc, (docs.get(doc) ?? 0) + 1)
    }
  })

  /** substring (2+ code units) → the passage words that contain it and are longer */
  const containers = new Map<string, string[]>()
  for (const word of counts.keys()) {
    if (word.length > MAX_PART_SOURCE_LENGTH) continue
    for (const part of new Set(properParts(word))) {
      const list = containers.get(part)
      if (list) list.push(word)
      else containers.set(part, [word])
    }
  }

  const averageLength = n === 0 ? 0 : lengths.reduce((sum, l) => sum + l, 0) / n
  // The length part of BM25's denominator depends only on the passage: computed once.
  const lengthNorm = new Float64Array(n)
  for (let doc = 0; doc < n; doc++) {
    lengthNorm[doc] = k1 * (1 - b + (averageLength > 0 ? (b * lengths[doc]!) / averageLength : 0))
  }

  // Postings of a query word: its own occurrences plus those of the words containing it.
  // Memoised; the keys are bounded by the index's own words and their parts.
  const postingsCache = new Map<string, Postings>()
  const postingsOf = (word: string): Postings => {
    const cached = postingsCache.get(word)
    if (cached) return cached
    const own = counts.get(word)
    const longer = containers.get(word)
    if (!own && !longer) return NO_POSTINGS
    const tfs = new Map<number, number>(own)
    for (const container of longer ?? []) {
      for (const [doc, tf] of counts.get(container)!) tfs.set(doc, (tfs.get(doc) ?? 0) + CONTAINED_WEIGHT * tf)
    }
    const docs = Int32Array.from([...tfs.keys()].sort((x, y) => x - y))
    const postings: Postings = {
      docs,
      tfs: Float64Array.from(docs, (doc) => tfs.get(doc)!),
      idf: Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5)),
    }
    postingsCache.set(word, postings)
    return postings
  }
  const isIndexed = (word: string) => counts.has(word) || containers.has(word)

  const hits: ReadonlyArray<Omit<RetrievalHit, 'score'>> = passages.map(({ id, kind, departmentId, matterId, title }) => ({
    id,
    kind,
    departmentId,
    matterId,
    title,
  }))

  return {
    retrieve(query, k) {
      checkK(k)
      if (k === 0) return []
      const terms = queryTerms(query.tokens, isIndexed)
      if (terms.size === 0) return []

      const scores = new Float64Array(n)
      const touched: number[] = []
      for (const [term, weight] of terms) {
        const postings = postingsOf(term)
        for (let i = 0; i < postings.docs.length; i++) {
          const doc = postings.docs[i]!
          const tf = postings.tfs[i]!
          if (scores[doc] === 0) touched.push(doc)
          scores[doc]! += (weight * postings.idf * tf * (k1 + 1)) / (tf + lengthNorm[doc]!)
        }
      }

      // Rank passage numbers, then build hit objects for the first k only.
      touched.sort((x, y) => scores[y]! - scores[x]! || compareIds(hits[x]!.id, hits[y]!.id))
      const top = Number.isFinite(k) ? touched.slice(0, k) : touched
      return top.map((doc) => ({ ...hits[doc]!, score: scores[doc]! }))
    },
  }
}

function indexTokens(segmenter: Segmenter, text: string): string[] {
  return segmenter.cut(text).filter((token) => !STOPWORDS.has(token))
}

/** Every substring of `word` with at least 2 code units and shorter than the word. */
function properParts(word: string): string[] {
  const parts: string[] = []
  for (let length = 2; length < word.length; length++) {
    for (let start = 0; start + length <= word.length; start++) parts.push(word.slice(start, start + length))
  }
  return parts
}

/**
 * The query's distinct words, each with its weight: 1 for a word that a
 * passage word equals or contains, {@link SUBWORD_WEIGHT} for the longest such
 * words inside a query word that matches nothing itself.
 */
function queryTerms(tokens: readonly string[], isIndexed: (word: string) => boolean): Map<string, number> {
  const terms = new Map<string, number>()
  const add = (term: string, weight: number) => terms.set(term, Math.max(terms.get(term) ?? 0, weight))
  for (const raw of tokens) {
    const token = raw.toLowerCase()
    if (token.length === 0 || STOPWORDS.has(token)) continue
    if (isIndexed(token)) add(token, 1)
    else for (const sub of subwords(token, isIndexed)) add(sub, SUBWORD_WEIGHT)
  }
  return terms
}

/** Longest-first indexed substrings of `token` (2+ code units, not stopwords), none inside another. */
function subwords(token: string, isIndexed: (word: string) => boolean): string[] {
  if (token.length < 3 || token.length > MAX_PART_SOURCE_LENGTH) return []
  const found: Array<{ start: number; end: number }> = []
  for (let length = token.length - 1; length >= 2; length--) {
    for (let start = 0; start + length <= token.length; start++) {
      const end = start + length
      if (found.some((f) => f.start <= start && end <= f.end)) continue
      const candidate = token.slice(start, end)
      if (isIndexed(candidate) && !STOPWORDS.has(candidate)) found.push({ start, end })
    }
  }
  return found.map(({ start, end }) => token.slice(start, end))
}

function checkK(k: number): void {
  if (!(k === Number.POSITIVE_INFINITY || (Number.isInteger(k) && k >= 0))) {
    throw new RangeError(`k must be a non-negative integer or Infinity, got ${k}`)
  }
}

/** Code-unit order, not locale order, so ties break the same way everywhere. */
function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0
}

/** Descending score, ties by id, the first `k`. */
function rankHits(hits: RetrievalHit[], k: number): RetrievalHit[] {
  hits.sort((x, y) => y.score - x.score || compareIds(x.id, y.id))
  return Number.isFinite(k) ? hits.slice(0, k) : hits
}

/**
 * The in-memory twin of a {@link Retriever} for tests: answers every query
 * with `hits` (those with score > 0), ranked and cut to `k` as the contract
 * says, and nothing for a query without tokens.
 *
 * @example
 * const retriever = createStaticRetriever([{ id: 'boundary-03.commerce', kind: 'boundary-share',
 *   departmentId: 'commerce', matterId: 'boundary-03', title: '申诉处理', score: 3 }])
 * retriever.retrieve({ tokens: ['皮鞋'] }, 5).map((h) => h.id) // ['boundary-03.commerce']
 */
export function createStaticRetriever(hits: readonly RetrievalHit[]): Retriever {
  const frozen = hits.filter((hit) => hit.score > 0).map((hit) => Object.freeze({ ...hit }))
  return {
    retrieve(query, k) {
      checkK(k)
      if (query.tokens.length === 0) return []
      return rankHits(
        frozen.map((hit) => ({ ...hit })),
        k,
      )
    },
  }
}
