import { Document } from '@langchain/core/documents'
import { BaseRetriever } from '@langchain/core/retrievers'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/load.ts'
import { DEFAULT_DOCUMENT_COUNT, KnowledgeRetriever } from '../../src/routing/langchain-retriever.ts'
import {
  buildPassages,
  createBm25Retriever,
  createStaticRetriever,
  type Passage,
  type RetrievalQuery,
  type Retriever,
} from '../../src/routing/retrieve.ts'
import { createSegmenter, domainWordsFromKnowledge, type Segmenter } from '../../src/routing/segment.ts'

const PASSAGES: Passage[] = [
  {
    id: 'boundary-03.commerce',
    kind: 'boundary-share',
    departmentId: 'commerce',
    matterId: 'boundary-03',
    title: '职责边界 第3项 申诉处理 · 县工商局',
    text: '申诉处理\n受理流通领域产品质量投诉、举报和咨询。',
  },
  {
    id: 'regime-12',
    kind: 'regime',
    departmentId: 'quality',
    matterId: 'regime-12',
    title: '事中事后监管 第12项 特种设备监管',
    text: '特种设备监管\n特种设备使用单位。',
  },
]

/** Records the queries it is asked and answers with both passages. */
function recordingRetriever(): Retriever & { queries: Array<{ query: RetrievalQuery; k: number }> } {
  const inner = createStaticRetriever([
    { ...hitOf(PASSAGES[0]!), score: 2 },
    { ...hitOf(PASSAGES[1]!), score: 1 },
  ])
  const queries: Array<{ query: RetrievalQuery; k: number }> = []
  return {
    queries,
    retrieve(query, k) {
      queries.push({ query, k })
      return inner.retrieve(query, k)
    },
  }
}

function hitOf({ id, kind, departmentId, matterId, title }: Passage) {
  return { id, kind, departmentId, matterId, title }
}

const WORD_SEGMENTER: Segmenter = { cut: (text) => text.split(/[\s，。！？]+/u).filter((t) => t.length > 0) }

describe('KnowledgeRetriever', () => {
  it('is a LangChain BaseRetriever with its own namespace', () => {
    const retriever = new KnowledgeRetriever({ retriever: recordingRetriever(), segmenter: WORD_SEGMENTER, passages: PASSAGES })
    expect(retriever).toBeInstanceOf(BaseRetriever)
    expect(retriever.lc_namespace).toEqual(['complaint-router', 'routing', 'retrievers'])
    expect(KnowledgeRetriever.lc_name()).toBe('KnowledgeRetriever')
  })

  it('returns Documents with the passage text as content and the hit as metadata', async () => {
    const retriever = new KnowledgeRetriever({ retriever: recordingRetriever(), segmenter: WORD_SEGMENTER, passages: PASSAGES })
    const docs = await retriever.invoke('皮鞋 掉底')
    expect(docs).toHaveLength(2)
    expect(docs[0]).toBeInstanceOf(Document)
    expect(docs[0]!.pageContent).toBe(PASSAGES[0]!.text)
    expect(docs[0]!.metadata).toEqual({ ...hitOf(PASSAGES[0]!), score: 2 })
    expect(docs[1]!.metadata.id).toBe('regime-12')
  })

  it('normalises and segments the query before retrieving', async () => {
    const inner = recordingRetriever()
    const retriever = new KnowledgeRetriever({ retriever: inner, segmenter: WORD_SEGMENTER, passages: PASSAGES })
    await retriever.invoke('　ＩＰＨＯＮＥ\u200b屏幕，坏了！')
    expect(inner.queries[0]!.query.tokens).toEqual(['iphone屏幕', '坏了'])
  })

  it(`asks for ${DEFAULT_DOCUMENT_COUNT} documents unless told otherwise`, async () => {
    const inner = recordingRetriever()
    await new KnowledgeRetriever({ retriever: inner, segmenter: WORD_SEGMENTER, passages: PASSAGES }).invoke('电梯')
    await new KnowledgeRetriever({ retriever: inner, segmenter: WORD_SEGMENTER, passages: PASSAGES, k: 1 }).invoke('电梯')
    expect(inner.queries.map((q) => q.k)).toEqual([DEFAULT_DOCUMENT_COUNT, 1])
  })

  it('runs the query tokens through expand before retrieving', async () => {
    const inner = recordingRetriever()
    const expand = (tokens: readonly string[]) => [...tokens, ...tokens.map((t) => (t === '液化气瓶' ? '气瓶' : t))]
    await new KnowledgeRetriever({ retriever: inner, segmenter: WORD_SEGMENTER, passages: PASSAGES, expand }).invoke('液化气瓶')
    expect(inner.queries[0]!.query.tokens).toEqual(['液化气瓶', '气瓶'])
  })

  it('returns no documents for a blank query', async () => {
    const retriever = new KnowledgeRetriever({ retriever: recordingRetriever(), segmenter: WORD_SEGMENTER, passages: PASSAGES })
    expect(await retriever.invoke(' \u3000 ')).toEqual([])
  })

  it('rejects a hit whose passage it was not given, since retriever and passages are out of step', async () => {
    const retriever = new KnowledgeRetriever({ retriever: recordingRetriever(), segmenter: WORD_SEGMENTER, passages: PASSAGES.slice(0, 1) })
    await expect(retriever.invoke('电梯')).rejects.toThrow(/regime-12/)
  })
})

describe('KnowledgeRetriever over BM25 and the real knowledge', () => {
  let retriever: KnowledgeRetriever
  beforeAll(() => {
    const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
    const segmenter = createSegmenter({ words: [...domainWordsFromKnowledge(knowledge), '掉底', '困人'] })
    const passages = buildPassages(knowledge)
    retriever = new KnowledgeRetriever({ retriever: createBm25Retriever({ passages, segmenter }), segmenter, passages, k: 3 })
  })

  it('finds the commerce share for shoes that came apart in a shopping mall', async () => {
    const docs = await retriever.invoke('在商场买的皮鞋掉底了')
    expect(docs[0]!.metadata).toMatchObject({ id: 'boundary-03.commerce', kind: 'boundary-share', departmentId: 'commerce', matterId: 'boundary-03' })
    expect(docs[0]!.pageContent).toContain('受理流通领域产品质量投诉、举报和咨询。')
  })

  it('finds special-equipment passages for people trapped in a lift', async () => {
    const docs = await retriever.invoke('电梯困人')
    expect(docs.length).toBeLessThanOrEqual(3)
    expect(docs.some((d) => d.metadata.id.startsWith('duty-07') || d.metadata.id === 'regime-12')).toBe(true)
  })

  it('answers a batch of queries through the Runnable interface', async () => {
    const [shoes, lift] = await retriever.batch(['皮鞋掉底', '电梯困人'])
    expect(shoes![0]!.metadata.id).toBe('boundary-03.commerce')
    expect(lift!.length).toBeGreaterThan(0)
  })
})
