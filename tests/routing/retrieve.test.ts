import { beforeAll, describe, expect, it, vi } from 'vitest'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge, type Knowledge } from '../../src/knowledge/load.ts'
import { getEntry } from '../../src/knowledge/lookup.ts'
import { normalizeText } from '../../src/routing/normalize.ts'
import {
  buildPassages,
  createBm25Retriever,
  createStaticRetriever,
  STOPWORDS,
  type Passage,
  type PassageSource,
  type RetrievalHit,
  type Retriever,
} from '../../src/routing/retrieve.ts'
import { createSegmenter, domainWordsFromKnowledge, type Segmenter } from '../../src/routing/segment.ts'
import { describeRetrieverContract } from './retriever.cases.ts'

/** A segmenter twin for unit tests: text is already "segmented" by spaces. */
const SPACE_SEGMENTER: Segmenter = { cut: (text) => text.split(' ').filter((t) => t.length > 0) }

function passage(id: string, text: string, extra: Partial<Passage> = {}): Passage {
  return { id, kind: 'duty-item', departmentId: 'quality', matterId: id.replace(/\.\d+$/, ''), title: id, text, ...extra }
}

const ids = (hits: readonly RetrievalHit[]) => hits.map((h) => h.id)

/** A small knowledge with one of each kind, shaped like the real files. */
const FIXTURE: PassageSource = {
  departments: [
    { id: 'quality', name: '县质监局', aliases: ['质监局'], isBureau: true, contact: '拨打12365', phone: '63823756' },
    { id: 'commerce', name: '县工商局', aliases: ['工商局'], isBureau: false, contact: '拨打12315' },
  ],
  duties: [
    {
      id: 'duty-06',
      number: 6,
      title: '计量监督管理',
      summary: '统一管理全县计量工作。',
      items: [
        { id: 'duty-06.1', text: '监督全县计量器具是否依法检定。' },
        { id: 'duty-06.2', text: '组织开展净含量监督抽查。' },
      ],
    },
  ],
  matters: [
    {
      id: 'boundary-03',
      number: 3,
      numberInferred: false,
      name: '申诉处理',
      shares: [
        {
          id: 'boundary-03.quality',
          department: 'quality',
          responsibilities: ['受理工业产品质量投诉举报。'],
          legalBasis: ['《产品质量法》第四十七条 因产品质量发生民事纠纷时，当事人可以通过协商或者调解解决。'],
        },
        {
          id: 'boundary-03.commerce',
          department: 'commerce',
          responsibilities: ['受理流通领域产品质量投诉、举报和咨询。'],
          legalBasis: [],
        },
      ],
      case: '消费者在商场购买的皮鞋掉底了。',
    },
    {
      id: 'boundary-09',
      number: 9,
      numberInferred: true,
      name: '压力管道管理',
      shares: [{ id: 'boundary-09.quality', department: 'quality', responsibilities: ['负责压力管道安全监察。'], legalBasis: [] }],
      case: null,
    },
  ],
  regimes: [
    {
      id: 'regime-12',
      number: 12,
      title: '特种设备监管',
      object: '特种设备使用单位。',
      content: '电梯是否定期检验。',
      method: '日常监督检查。',
      measures: '发出安全监察指令。',
      procedure: '两名以上监察人员参加。',
      handling: '责令改正。',
    },
  ],
  services: [
    { id: 'service-3', number: 3, name: '商品条码服务', content: '提供商品条码技术咨询。', organiser: '定安质监局', phone: '63823756' },
  ],
}

describe('buildPassages', () => {
  const passages = buildPassages(FIXTURE)
  const byId = new Map(passages.map((p) => [p.id, p]))

  it('makes one passage per duty, duty item, boundary share, regime and service, in file order', () => {
    expect(ids(passages as unknown as RetrievalHit[])).toEqual([
      'duty-06',
      'duty-06.1',
      'duty-06.2',
      'boundary-03.quality',
      'boundary-03.commerce',
      'boundary-09.quality',
      'regime-12',
      'service-3',
    ])
  })

  it('gives each passage its kind, department and matter', () => {
    const shape = (id: string) => {
      const { kind, departmentId, matterId } = byId.get(id)!
      return { kind, departmentId, matterId }
    }
    expect(shape('duty-06')).toEqual({ kind: 'duty', departmentId: 'quality', matterId: 'duty-06' })
    expect(shape('duty-06.2')).toEqual({ kind: 'duty-item', departmentId: 'quality', matterId: 'duty-06' })
    expect(shape('boundary-03.commerce')).toEqual({ kind: 'boundary-share', departmentId: 'commerce', matterId: 'boundary-03' })
    expect(shape('regime-12')).toEqual({ kind: 'regime', departmentId: 'quality', matterId: 'regime-12' })
    expect(shape('service-3')).toEqual({ kind: 'service', departmentId: 'quality', matterId: 'service-3' })
  })

  it('uses the duty summary for a duty and the item text for an item', () => {
    expect(byId.get('duty-06')!.text).toBe('统一管理全县计量工作。')
    expect(byId.get('duty-06.2')!.text).toBe('组织开展净含量监督抽查。')
  })

  it("writes a share as the matter name, the department's responsibilities and the case, without the legal basis", () => {
    expect(byId.get('boundary-03.quality')!.text).toBe('申诉处理\n受理工业产品质量投诉举报。\n案例：消费者在商场购买的皮鞋掉底了。')
    expect(byId.get('boundary-03.quality')!.text).not.toContain('产品质量法')
  })

  it('leaves the case line out of a share whose matter has no case', () => {
    expect(byId.get('boundary-09.quality')!.text).toBe('压力管道管理\n负责压力管道安全监察。')
  })

  it('writes a regime as its title, object and content only', () => {
    expect(byId.get('regime-12')!.text).toBe('特种设备监管\n特种设备使用单位。\n电梯是否定期检验。')
  })

  it('writes a service as its name and content', () => {
    expect(byId.get('service-3')!.text).toBe('商品条码服务\n提供商品条码技术咨询。')
  })

  it('titles each passage by its section, number and name', () => {
    expect(byId.get('duty-06')!.title).toBe('部门职责 第6项 计量监督管理')
    expect(byId.get('duty-06.2')!.title).toBe('部门职责 第6项 计量监督管理 · 具体工作事项 2')
    expect(byId.get('boundary-03.commerce')!.title).toBe('职责边界 第3项 申诉处理 · 县工商局')
    expect(byId.get('regime-12')!.title).toBe('事中事后监管 第12项 特种设备监管')
    expect(byId.get('service-3')!.title).toBe('公共服务 第3项 商品条码服务')
  })
})

describe('createBm25Retriever', () => {
  it('ranks a passage with a rare query term above one with a common term', () => {
    const retriever = createBm25Retriever({
      segmenter: SPACE_SEGMENTER,
      passages: [passage('a', '电梯 质量'), passage('b', '质量 计量'), passage('c', '质量 标准')],
    })
    const [electric, metrology] = retriever.retrieve({ tokens: ['电梯', '质量'] }, 5)
    expect(electric!.id).toBe('a')
    expect(electric!.score).toBeGreaterThan(metrology!.score)
  })

  it('prefers the shorter of two passages with the same term count, unless b is 0', () => {
    const passages = [passage('long', '电梯 检验 检测 机构 资质'), passage('short', '电梯 困人')]
    const normalised = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages })
    expect(ids(normalised.retrieve({ tokens: ['电梯'] }, 5))).toEqual(['short', 'long'])

    const flat = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages, b: 0 })
    const [first, second] = flat.retrieve({ tokens: ['电梯'] }, 5)
    expect(first!.score).toBe(second!.score)
    expect([first!.id, second!.id]).toEqual(['long', 'short'])
  })

  it('scores a term repeated in a passage higher, with diminishing returns', () => {
    const retriever = createBm25Retriever({
      segmenter: SPACE_SEGMENTER,
      passages: [passage('once', '计量 甲 乙'), passage('twice', '计量 计量 乙'), passage('thrice', '计量 计量 计量')],
    })
    const [thrice, twice, once] = retriever.retrieve({ tokens: ['计量'] }, 5)
    expect(ids([thrice!, twice!, once!])).toEqual(['thrice', 'twice', 'once'])
    expect(thrice!.score - twice!.score).toBeLessThan(twice!.score - once!.score)
  })

  it('counts a repeated query token once', () => {
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', '电梯 困人'), passage('b', '锅炉')] })
    expect(retriever.retrieve({ tokens: ['电梯', '电梯', '电梯'] }, 5)).toEqual(retriever.retrieve({ tokens: ['电梯'] }, 5))
  })

  it('ignores stopwords in passages and queries', () => {
    expect(STOPWORDS.has('的')).toBe(true)
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', '我 的 电梯'), passage('b', '锅炉')] })
    expect(retriever.retrieve({ tokens: ['的', '我'] }, 5)).toEqual([])
  })

  it('returns nothing when no query term is indexed', () => {
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', '电梯')] })
    expect(retriever.retrieve({ tokens: ['火锅'] }, 5)).toEqual([])
  })

  it('lowercases query tokens, as passages are', () => {
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', 'IPhone 屏幕')] })
    expect(ids(retriever.retrieve({ tokens: ['IPHONE'] }, 5))).toEqual(['a'])
  })

  it('matches a query word inside a longer passage word, below a passage with the word itself', () => {
    const retriever = createBm25Retriever({
      segmenter: SPACE_SEGMENTER,
      passages: [passage('compound', '工业产品生产许可证 管理'), passage('whole', '生产许可证 管理'), passage('other', '锅炉')],
    })
    const hits = retriever.retrieve({ tokens: ['生产许可证'] }, 5)
    expect(ids(hits)).toEqual(['whole', 'compound'])
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score)
  })

  it('does not match single characters inside passage words', () => {
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', '皮鞋 掉底')] })
    expect(retriever.retrieve({ tokens: ['鞋'] }, 5)).toEqual([])
  })

  it('falls back to the indexed words inside an unknown query token, at a lower weight', () => {
    const retriever = createBm25Retriever({
      segmenter: SPACE_SEGMENTER,
      passages: [passage('cylinder', '气瓶 充装'), passage('lpg', '液化 石油气'), passage('other', '锅炉')],
    })
    // 液化气瓶 is not indexed; 液化 and 气瓶 are, and neither lies inside the other.
    const fallback = retriever.retrieve({ tokens: ['液化气瓶'] }, 5)
    expect(ids(fallback).sort()).toEqual(['cylinder', 'lpg'])
    const exact = retriever.retrieve({ tokens: ['气瓶'] }, 5)
    expect(exact[0]!.score).toBeGreaterThan(fallback.find((h) => h.id === 'cylinder')!.score)
  })

  it('uses only the longest indexed words inside an unknown token', () => {
    const retriever = createBm25Retriever({
      segmenter: SPACE_SEGMENTER,
      passages: [passage('whole', '游乐设施'), passage('part', '设施 场所')],
    })
    // 大型游乐设施 contains 游乐设施, which contains 设施: only 游乐设施 is used.
    expect(ids(retriever.retrieve({ tokens: ['大型游乐设施'] }, 5))).toEqual(['whole'])
  })

  it('indexes passages through normalizeText, as complaints are normalised', () => {
    const retriever = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', 'ＣＣＣ\u3000认证')] })
    expect(ids(retriever.retrieve({ tokens: ['ccc'] }, 5))).toEqual(['a'])
  })

  it('segments every passage once, when it is built, and never at query time', () => {
    const cut = vi.fn(SPACE_SEGMENTER.cut)
    const retriever = createBm25Retriever({ segmenter: { cut }, passages: [passage('a', '电梯'), passage('b', '锅炉')] })
    expect(cut).toHaveBeenCalledTimes(2)
    retriever.retrieve({ tokens: ['电梯'] }, 5)
    expect(cut).toHaveBeenCalledTimes(2)
  })

  it('copies the passage fields onto each hit, without the text', () => {
    const p = passage('boundary-03.commerce', '皮鞋 掉底', { kind: 'boundary-share', departmentId: 'commerce', matterId: 'boundary-03', title: '申诉处理' })
    const [hit] = createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [p] }).retrieve({ tokens: ['皮鞋'] }, 5)
    expect(hit).toEqual({ id: p.id, kind: p.kind, departmentId: 'commerce', matterId: 'boundary-03', title: '申诉处理', score: expect.any(Number) })
  })

  it('answers every query with nothing when it has no passages', () => {
    expect(createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [] }).retrieve({ tokens: ['电梯'] }, 5)).toEqual([])
  })

  it('rejects duplicate passage ids and out-of-range parameters', () => {
    expect(() => createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [passage('a', 'x'), passage('a', 'y')] })).toThrow(/duplicate/)
    expect(() => createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [], b: 2 })).toThrow(RangeError)
    expect(() => createBm25Retriever({ segmenter: SPACE_SEGMENTER, passages: [], k1: -1 })).toThrow(RangeError)
  })
})

describeRetrieverContract('BM25', () => ({
  retriever: createBm25Retriever({
    segmenter: SPACE_SEGMENTER,
    // b and c are the same text: a guaranteed tie.
    passages: [passage('c', '电梯 困人'), passage('b', '电梯 困人'), passage('a', '电梯 困人 检验 机构'), passage('d', '锅炉')],
  }),
  query: { tokens: ['电梯', '困人'] },
}))

const STATIC_HITS: RetrievalHit[] = [
  { id: 'regime-12', kind: 'regime', departmentId: 'quality', matterId: 'regime-12', title: '特种设备监管', score: 1 },
  { id: 'duty-07.1', kind: 'duty-item', departmentId: 'quality', matterId: 'duty-07', title: '特种设备安全监察', score: 2 },
  { id: 'duty-07', kind: 'duty', departmentId: 'quality', matterId: 'duty-07', title: '特种设备安全监察', score: 2 },
  { id: 'zero', kind: 'duty', departmentId: 'quality', matterId: 'zero', title: 'never returned', score: 0 },
]

describeRetrieverContract('static twin', () => ({ retriever: createStaticRetriever(STATIC_HITS), query: { tokens: ['电梯'] } }))

describe('createStaticRetriever', () => {
  it('answers any query with its hits, ranked, without those scoring zero', () => {
    const retriever = createStaticRetriever(STATIC_HITS)
    expect(ids(retriever.retrieve({ tokens: ['随便'] }, 10))).toEqual(['duty-07', 'duty-07.1', 'regime-12'])
  })

  it('is not affected by later edits to the array it was given', () => {
    const hits = STATIC_HITS.map((h) => ({ ...h }))
    const retriever = createStaticRetriever(hits)
    hits[0]!.score = 100
    expect(retriever.retrieve({ tokens: ['电梯'] }, 1)[0]!.id).toBe('duty-07')
  })
})

/** Words the routing lexicon will add on top of the knowledge's own (its colloquial terms). */
const LEXICON_WORDS = ['掉底', '加油机', '困人', '液化气瓶', '礼花弹', '开胶', '计价器', '过山车', '塔吊']

describe('BM25 over the real knowledge', () => {
  let knowledge: Knowledge
  let segmenter: Segmenter
  let passages: Passage[]
  let retriever: Retriever
  beforeAll(() => {
    knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
    segmenter = createSegmenter({ words: [...domainWordsFromKnowledge(knowledge), ...LEXICON_WORDS] })
    passages = buildPassages(knowledge)
    retriever = createBm25Retriever({ passages, segmenter })
  })
  const search = (text: string, k = 5) => ids(retriever.retrieve({ tokens: segmenter.cut(normalizeText(text)) }, k))

  it('has a passage for every duty, item, share, regime and service', () => {
    const expected =
      knowledge.duties.reduce((n, d) => n + 1 + d.items.length, 0) +
      knowledge.matters.reduce((n, m) => n + m.shares.length, 0) +
      knowledge.regimes.length +
      knowledge.services.length
    expect(passages).toHaveLength(expected)
    expect(new Set(passages.map((p) => p.id)).size).toBe(expected)
  })

  it('titles every passage as the knowledge lookup does, so hits and citations read the same', () => {
    for (const p of passages) expect(p.title).toBe(getEntry(knowledge, p.id)?.title)
  })

  it('gives shares their own department and everything else to the bureau', () => {
    const departments = new Set(knowledge.departments.map((d) => d.id))
    for (const p of passages) {
      expect(departments.has(p.departmentId)).toBe(true)
      if (p.kind !== 'boundary-share') expect(p.departmentId).toBe('quality')
    }
    expect(passages.find((p) => p.id === 'boundary-08.housing')?.departmentId).toBe('housing')
  })

  it.each([
    ['电梯困人', 3, (id: string) => id.startsWith('duty-07.') || id === 'regime-12'],
    ['加油机 计量', 3, (id: string) => id.startsWith('duty-06')],
    ['燃气经营许可证', 3, (id: string) => id === 'boundary-08.housing'],
    ['塔吊 安装 使用 工地', 3, (id: string) => id === 'boundary-10.housing'],
    ['农药 使用指导', 3, (id: string) => id === 'boundary-06.agriculture'],
    ['商品条码', 3, (id: string) => id === 'service-3' || id === 'duty-05.6'],
    ['地理标志', 3, (id: string) => id === 'boundary-11.quality'],
    ['商场 皮鞋 掉底', 3, (id: string) => id === 'boundary-03.commerce'],
    ['烟花爆竹 质量', 3, (id: string) => id === 'boundary-05.quality'],
    ['超载 车辆 改装', 3, (id: string) => id === 'boundary-07.quality'],
    ['定量包装 净含量 不足', 3, (id: string) => id === 'duty-06.7' || id === 'regime-11'],
    ['危险化学品 槽罐', 3, (id: string) => id === 'boundary-04.quality'],
    ['强制性产品认证', 3, (id: string) => id === 'duty-04.2'],
    ['生产许可证', 3, (id: string) => id === 'duty-02.2' || id === 'regime-03'],
  ])('finds the right passage for %s within the top %i', (query, within, isRight) => {
    expect(search(query, within).some(isRight)).toBe(true)
  })

  it('puts the commerce share first for the leather-shoe case in plain words', () => {
    expect(search('在商场买的皮鞋掉底了')[0]).toBe('boundary-03.commerce')
  })

  it('still finds 生产许可证 when the dictionary makes compounds of it whole words', () => {
    const compounds = createSegmenter({ words: [...domainWordsFromKnowledge(knowledge), '工业产品生产许可证', '安全生产许可证'] })
    const bm25 = createBm25Retriever({ passages, segmenter: compounds })
    const found = ids(bm25.retrieve({ tokens: compounds.cut('生产许可证') }, 3))
    expect(found.some((id) => id === 'duty-02.2' || id === 'regime-03')).toBe(true)
  })

  it('finds the cylinder matter from the lexicon word 液化气瓶, which the knowledge never uses', () => {
    expect(search('液化气瓶', 3).every((id) => id.startsWith('boundary-08.'))).toBe(true)
  })
})
