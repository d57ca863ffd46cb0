import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager'
import { Document } from '@langchain/core/documents'
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers'
import { normalizeText } from './normalize.ts'
import type { Passage, RetrievalHit, Retriever } from './retrieve.ts'
import type { Segmenter } from './segment.ts'

/** What each returned `Document` carries besides the passage text. */
export type KnowledgeDocumentMetadata = RetrievalHit

export type KnowledgeRetrieverInput = BaseRetrieverInput & {
  retriever: Retriever
  segmenter: Segmenter
  /** The passages the retriever indexed: a hit's id must be one of them. */
  passages: readonly Passage[]
  /** How many documents to return; default {@link DEFAULT_DOCUMENT_COUNT}. */
  k?: number
  /** Adds synonyms to the query's tokens before retrieval (the lexicon); default none. */
  expand?: (tokens: readonly string[]) => readonly string[]
}

export const DEFAULT_DOCUMENT_COUNT = 5

/**
 * Our {@link Retriever} as a LangChain retriever, for chains and agents that
 * want `Document`s. The query is normalised and segmented as the routing
 * engine does it; `pageContent` is the passage text and `metadata` the hit
 * (id, kind, departmentId, matterId, title, score).
 *
 * This is the only file in `routing/` that imports @langchain/core.
 *
 * @example
 * const retriever = new KnowledgeRetriever({ retriever: bm25, segmenter, passages })
 * const [doc] = await retriever.invoke('商场买的皮鞋掉底了')
 * doc?.metadata.id // 'boundary-03.commerce'
 */
export class KnowledgeRetriever extends BaseRetriever<KnowledgeDocumentMetadata> {
  static override lc_name(): string {
    return 'KnowledgeRetriever'
  }

  lc_namespace = ['complaint-router', 'routing', 'retrievers']

  private readonly retriever: Retriever
  private readonly segmenter: Segmenter
  private readonly passages: ReadonlyMap<string, Passage>
  private readonly k: number
  private readonly expand: (tokens: readonly string[]) => readonly string[]

  constructor({ retriever, segmenter, passages, k = DEFAULT_DOCUMENT_COUNT, expand, ...base }: KnowledgeRetrieverInput) {
    // Only LangChain's own fields go up: lc_kwargs is what tracing serialises, and the index is not its business.
    super(base)
    this.retriever = retriever
    this.segmenter = segmenter
    this.passages = new Map(passages.map((p) => [p.id, p]))
    this.k = k
    this.expand = expand ?? ((tokens) => tokens)
  }

  override async _getRelevantDocuments(
    query: string,
    _runManager?: CallbackManagerForRetrieverRun,
  ): Promise<Document<KnowledgeDocumentMetadata>[]> {
    const tokens = this.expand(this.segmenter.cut(normalizeText(query)))
    return this.retriever.retrieve({ tokens }, this.k).map((hit) => {
      const passage = this.passages.get(hit.id)
      if (!passage) throw new Error(`retriever returned "${hit.id}", which is not among the passages it was given`)
      const { id, kind, departmentId, matterId, title, score } = hit
      return new Document({ pageContent: passage.text, metadata: { id, kind, departmentId, matterId, title, score } })
    })
  }
}
