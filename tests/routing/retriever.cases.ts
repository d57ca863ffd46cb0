import { describe, expect, it } from 'vitest'
import type { RetrievalHit, RetrievalQuery, Retriever } from '../../src/routing/retrieve.ts'

/**
 * What an implementation under test hands the shared cases: a retriever and a
 * query it answers with at least three hits, two of them with equal scores
 * (so tie-breaking is exercised, not assumed).
 */
export type RetrieverContractSetup = {
  retriever: Retriever
  query: RetrievalQuery
}

/**
 * The {@link Retriever} contract, run against any implementation (STYLE habit 8):
 * `describeRetrieverContract('bm25', () => ({ retriever, query }))`.
 */
export function describeRetrieverContract(name: string, setup: () => RetrieverContractSetup): void {
  describe(`Retriever contract: ${name}`, () => {
    const all = (): { retriever: Retriever; query: RetrievalQuery; hits: RetrievalHit[] } => {
      const { retriever, query } = setup()
      return { retriever, query, hits: retriever.retrieve(query, Number.POSITIVE_INFINITY) }
    }

    it('has a setup that yields at least three hits, two of them tied', () => {
      const { hits } = all()
      expect(hits.length).toBeGreaterThanOrEqual(3)
      expect(new Set(hits.map((h) => h.score)).size).toBeLessThan(hits.length)
    })

    it('returns at most k hits, the best k', () => {
      const { retriever, query, hits } = all()
      for (const k of [1, 2, hits.length, hits.length + 5]) {
        expect(retriever.retrieve(query, k)).toEqual(hits.slice(0, k))
      }
    })

    it('returns nothing when k is 0', () => {
      const { retriever, query } = all()
      expect(retriever.retrieve(query, 0)).toEqual([])
    })

    it('rejects a k that is negative, fractional or NaN', () => {
      const { retriever, query } = all()
      for (const k of [-1, 1.5, Number.NaN]) expect(() => retriever.retrieve(query, k)).toThrow(RangeError)
    })

    it('sorts hits by descending score, all of them above zero', () => {
      const { hits } = all()
      for (const hit of hits) expect(hit.score).toBeGreaterThan(0)
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score)
    })

    it('breaks score ties by id', () => {
      const { hits } = all()
      for (let i = 1; i < hits.length; i++) {
        if (hits[i - 1]!.score === hits[i]!.score) expect(hits[i - 1]!.id < hits[i]!.id).toBe(true)
      }
    })

    it('returns each passage at most once', () => {
      const { hits } = all()
      expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length)
    })

    it('answers the same query the same way every time', () => {
      const { retriever, query, hits } = all()
      expect(retriever.retrieve(query, Number.POSITIVE_INFINITY)).toEqual(hits)
      expect(retriever.retrieve({ tokens: [...query.tokens] }, 3)).toEqual(hits.slice(0, 3))
    })

    it('returns fresh hits, so a caller editing one does not change the next answer', () => {
      const { retriever, query, hits } = all()
      const first = retriever.retrieve(query, 1)[0]!
      first.score = -1
      first.id = 'edited'
      expect(retriever.retrieve(query, 1)[0]).toEqual(hits[0])
    })

    it('returns nothing for a query without tokens', () => {
      const { retriever } = all()
      expect(retriever.retrieve({ tokens: [] }, 5)).toEqual([])
    })

    it('returns hits with every field of the contract', () => {
      const { hits } = all()
      for (const hit of hits) {
        expect(Object.keys(hit).sort()).toEqual(['departmentId', 'id', 'kind', 'matterId', 'score', 'title'])
      }
    })
  })
}
