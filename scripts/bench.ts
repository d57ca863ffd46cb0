/**
 * `npm run bench`: in-process routing speed over the dev set repeated, beside a retrieval-only
 * baseline measured in the same run (normalise + segment + BM25 top passage). Prints figures and
 * ratios; asserts nothing (speed is measured here, never in tests).
 */
import { readFileSync } from 'node:fs'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/index.ts'
import type { RoutingEngine } from '../src/routing/index.ts'
import { createRoutingEngine, normalizeText, routeComplaint } from '../src/routing/index.ts'

const DEV_SET = new URL('../../shared/eval/dev.jsonl', import.meta.url)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40)

function inputs(): string[][] {
  const lines = readFileSync(DEV_SET, 'utf8').split('\n').filter((l) => l.trim())
  return lines.flatMap((l) => {
    const c = JSON.parse(l) as { text: string; followup?: string }
    return c.followup ? [[c.text], [c.text, c.followup]] : [[c.text]]
  })
}

type Figures = { perSecond: number; p50: number; p99: number; max: number }

function measure(items: readonly string[][], run: (turns: string[]) => unknown): Figures {
  for (const turns of items) run(turns) // warm up the JIT
  const latencies: number[] = []
  const start = performance.now()
  for (let r = 0; r < ROUNDS; r++) {
    for (const turns of items) {
      const t = performance.now()
      run(turns)
      latencies.push(performance.now() - t)
    }
  }
  const total = performance.now() - start
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  return { perSecond: (latencies.length / total) * 1000, p50: at(0.5), p99: at(0.99), max: latencies.at(-1)! }
}

function baseline(engine: RoutingEngine) {
  return (turns: string[]) => {
    const tokens = turns.flatMap((t) => engine.segmenter.cut(normalizeText(t)))
    return engine.retriever.retrieve({ tokens }, 1)[0]?.departmentId ?? null
  }
}

const t0 = performance.now()
const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
const t1 = performance.now()
const engine = createRoutingEngine({ knowledge })
const t2 = performance.now()

const items = inputs()
const router = measure(items, (turns) => routeComplaint({ turns }, engine))
const base = measure(items, baseline(engine))

const ms = (x: number) => `${x.toFixed(3)} ms`
console.log(`knowledge load ${ms(t1 - t0)}, engine build (lexicon, jieba dictionary, BM25 index) ${ms(t2 - t1)}, total ${ms(t2 - t0)}`)
console.log(`${items.length} inputs × ${ROUNDS} rounds = ${items.length * ROUNDS} routings, one core\n`)
console.log('                         complaints/s        p50          p99          max')
const row = (name: string, f: Figures) =>
  console.log(`${name.padEnd(24)} ${f.perSecond.toFixed(0).padStart(12)} ${ms(f.p50).padStart(12)} ${ms(f.p99).padStart(12)} ${ms(f.max).padStart(12)}`)
row('router (rules+retrieval)', router)
row('baseline (retrieval)', base)
console.log(
  `\nratio router/baseline: throughput ${(router.perSecond / base.perSecond).toFixed(2)}×, p50 ${(router.p50 / base.p50).toFixed(2)}×, p99 ${(router.p99 / base.p99).toFixed(2)}×`,
)
console.log(`targets: p50 < 1 ms ${router.p50 < 1 ? 'met' : 'MISSED'}, p99 < 5 ms ${router.p99 < 5 ? 'met' : 'MISSED'}, load+build < 1 s ${t2 - t0 < 1000 ? 'met' : 'MISSED'}`)
