/**
 * `npm run --silent route -- --jsonl` reads `{"id","text"}` or `{"id","turns":[...]}` lines on stdin and
 * writes one decision line per input, in order (the contract in src/routing/schemas.ts: RouteContractLine).
 * `npm run route -- "投诉文本"` prints the same decision for a person.
 */
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../knowledge/index.ts'
import type { RoutingDecision, RoutingEngine } from '../routing/index.ts'
import { createRoutingEngine, routeComplaint, toContractLine } from '../routing/index.ts'

const InputLine = z.union([
  z.strictObject({ id: z.union([z.string(), z.number()]).transform(String), text: z.string().min(1).max(2000) }),
  z.strictObject({
    id: z.union([z.string(), z.number()]).transform(String),
    turns: z.array(z.string().min(1).max(2000)).min(1).max(20),
  }),
])

async function runJsonl(engine: RoutingEngine): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  let lineNumber = 0
  for await (const raw of lines) {
    lineNumber++
    if (!raw.trim()) continue
    let id: string | null = null
    try {
      const json: unknown = JSON.parse(raw)
      if (json && typeof json === 'object' && 'id' in json) id = String((json as { id: unknown }).id)
      const parsed = InputLine.safeParse(json)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
        throw new Error(`line ${lineNumber}: ${where}${issue?.message ?? 'invalid input'} (expected {"id","text"} or {"id","turns":[...]})`)
      }
      const turns = 'text' in parsed.data ? [parsed.data.text] : parsed.data.turns
      const decision = routeComplaint({ turns }, engine)
      process.stdout.write(`${JSON.stringify(toContractLine(parsed.data.id, decision))}\n`)
    } catch (error) {
      const message = error instanceof SyntaxError ? `line ${lineNumber}: not valid JSON` : (error as Error).message
      process.stdout.write(`${JSON.stringify({ id, error: message })}\n`)
    }
  }
}

function printForPerson(decision: RoutingDecision): void {
  const out: string[] = []
  if (decision.danger) out.push(`⚠ 紧急：请立即拨打 ${decision.danger.call.join(' / ')}。${decision.danger.advice}`, '')
  if (decision.kind === 'routed') {
    out.push(`处理部门：${decision.department.name}（置信度 ${decision.confidence}）`)
    if (decision.coResponsible.length) out.push(`协同部门：${decision.coResponsible.map((d) => d.name).join('、')}`)
    out.push(`事项：${decision.matter.name}（${decision.matter.id}）`, `理由：${decision.explanation}`, `下一步：${decision.nextStep}`)
    out.push('依据：')
    for (const c of decision.citations) {
      out.push(`  [${c.id}] ${c.title}`, `    ${c.text.replace(/\n/g, '\n    ')}`)
      if (c.case) out.push(`    案例：${c.case}`)
    }
  } else if (decision.kind === 'needs_clarification') {
    out.push(`需要澄清（缺少：${decision.missingFact}）`, `问题：${decision.question}`)
    out.push(`可选回答：${decision.suggestions.map((s) => s.label).join(' | ')}`)
  } else {
    out.push(`不属于登记表所列部门的职责${decision.topic ? `（${decision.topic}）` : ''}`, `去向：${decision.redirect}`, `说明：${decision.explanation}`)
  }
  out.push('', `识别到的事实：${decision.facts.map((f) => `${f.fact}[${f.terms.join('/')}]`).join(' ') || '无'}`)
  if (decision.mentionedDepartments.length) out.push(`来电人提到的部门（不作为依据）：${decision.mentionedDepartments.join('、')}`)
  out.push(`触发规则：${decision.firedRules.join(', ') || '无'}`)
  out.push(`检索：${decision.retrieved.map((r) => `${r.id}(${r.score})`).join(' ')}`)
  console.log(out.join('\n'))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const knowledge = loadKnowledge({ dir: process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR })
  const engine = createRoutingEngine({ knowledge })
  if (args.includes('--jsonl')) return runJsonl(engine)
  const turns = args.filter((a) => !a.startsWith('--'))
  if (turns.length === 0) {
    console.error('用法：npm run route -- "投诉文本" ["补充回答" ...]，或 npm run --silent route -- --jsonl < input.jsonl')
    process.exitCode = 2
    return
  }
  printForPerson(routeComplaint({ turns }, engine))
}

await main()
