/**
 * `npm run eval -- FILE.jsonl`: scores the router on a labelled set (the format of
 * ../shared/eval/dev.jsonl) beside a retrieval-only baseline (the department of the
 * top passage), so the rules' contribution is visible.
 */
import { readFileSync } from 'node:fs'
import { DEFAULT_KNOWLEDGE_DIR, getDepartment, loadKnowledge } from '../knowledge/index.ts'
import type { RoutingEngine } from '../routing/index.ts'
import { createRoutingEngine, normalizeText, routeComplaint, toContractLine } from '../routing/index.ts'
import type { Answer, Report, Scored } from '../evaluation/score.ts'
import { EvalCase, judge, labelOf, summarise } from '../evaluation/score.ts'

function readCases(file: string): EvalCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line)
    .map(([line, n]) => {
      const parsed = EvalCase.safeParse(JSON.parse(line))
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues[0]?.message}`)
      return parsed.data
    })
}

type Router = (turns: string[]) => Answer

function score(cases: readonly EvalCase[], route: Router): Scored[] {
  const items: Scored[] = []
  for (const c of cases) {
    const first = route([c.text])
    items.push({ id: c.id, text: c.text, expected: c.expected, acceptable: c.acceptable, got: labelOf(first), verdict: judge(c.expected, c.acceptable, first) })
    if (c.followup && c.expected_after_followup) {
      const after = route([c.text, c.followup])
      items.push({
        id: `${c.id}+f`,
        text: `${c.text} ⟶ ${c.followup}`,
        expected: c.expected_after_followup,
        acceptable: [],
        got: labelOf(after),
        verdict: judge(c.expected_after_followup, [], after),
      })
    }
  }
  return items
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

function print(title: string, report: Report, withDetail: boolean): void {
  console.log(`\n== ${title} ==`)
  console.log(`items ${report.n}  accuracy ${pct(report.accuracy)}  misrouted ${pct(report.misrouted)}  clarification rate ${pct(report.clarificationRate)}`)
  if (!withDetail) return
  console.log('\nper label (precision / recall / support):')
  for (const l of report.perLabel) console.log(`  ${l.label.padEnd(8, '　')} ${pct(l.precision).padStart(6)}  ${pct(l.recall).padStart(6)}  ${l.support}`)
  console.log('\nconfusion (expected → got: count):')
  for (const [expected, row] of report.confusion) {
    console.log(`  ${expected} → ${[...row].map(([got, k]) => `${got}:${k}`).join('  ')}`)
  }
  console.log(`\nmisses (${report.misses.length}):`)
  for (const m of report.misses) console.log(`  ${m.id} [${m.verdict}] expected ${m.expected}${m.acceptable.length ? `/${m.acceptable.join('/')}` : ''}, got ${m.got}: ${m.text}`)
}

function retrievalBaseline(engine: RoutingEngine): Router {
  return (turns) => {
    const tokens = turns.flatMap((t) => engine.segmenter.cut(normalizeText(t)))
    const top = engine.retriever.retrieve({ tokens }, 1)[0]
    const department = top ? (getDepartment(engine.knowledge, top.departmentId)?.name ?? null) : null
    return { department, needsClarification: false, outOfScope: department === null }
  }
}

function main(): void {
  const file = process.argv[2]
  if (!file) {
    console.error('用法：npm run eval -- FILE.jsonl')
    process.exitCode = 2
    return
  }
  const cases = readCases(file)
  const engine = createRoutingEngine({ knowledge: loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }) })
  const router: Router = (turns) => toContractLine('', routeComplaint({ turns }, engine))
  const rules = summarise(score(cases, router))
  const baseline = summarise(score(cases, retrievalBaseline(engine)))
  print(`router (rules + retrieval) on ${file}`, rules, true)
  print('baseline (retrieval only: department of the top passage)', baseline, false)
  console.log(`\nrules' contribution: accuracy ${pct(rules.accuracy - baseline.accuracy)} points, misrouted ${pct(rules.misrouted - baseline.misrouted)} points`)
}

main()
