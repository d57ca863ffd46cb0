import type { Knowledge } from '../knowledge/index.ts'
import type { CompiledLexicon } from './facts.ts'
import { compileLexicon } from './facts.ts'
import type { Passage, Retriever } from './retrieve.ts'
import { buildPassages, createBm25Retriever } from './retrieve.ts'
import type { Segmenter } from './segment.ts'
import { createSegmenter, domainWordsFromKnowledge } from './segment.ts'

/** Everything routing needs, built once at start-up and shared by every request. */
export type RoutingEngine = {
  knowledge: Knowledge
  lexicon: CompiledLexicon
  segmenter: Segmenter
  passages: readonly Passage[]
  retriever: Retriever
}

/**
 * Builds the engine from validated knowledge: compiles the lexicon, loads the
 * domain dictionary into jieba and indexes the passages for BM25. A retriever
 * can be passed in instead (tests use `createStaticRetriever`).
 *
 * @example
 * const engine = createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
 */
export function createRoutingEngine({
  knowledge,
  segmenter,
  retriever,
}: {
  knowledge: Knowledge
  segmenter?: Segmenter
  retriever?: Retriever
}): RoutingEngine {
  const lexicon = compileLexicon(knowledge)
  const seg = segmenter ?? createSegmenter({ words: [...domainWordsFromKnowledge(knowledge), ...lexicon.words] })
  const passages = buildPassages(knowledge)
  return {
    knowledge,
    lexicon,
    segmenter: seg,
    passages,
    retriever: retriever ?? createBm25Retriever({ passages, segmenter: seg }),
  }
}
