import { z } from 'zod'

/** One labelled case of `../shared/eval/dev.jsonl`. */
export const EvalCase = z.object({
  id: z.string(),
  text: z.string().min(1),
  expected: z.string().min(1),
  acceptable: z.array(z.string()).default([]),
  matter: z.string().optional(),
  rationale: z.string().optional(),
  followup: z.string().optional(),
  expected_after_followup: z.string().optional(),
})
export type EvalCase = z.infer<typeof EvalCase>

/** The labels of a case that are not departments. */
export const ASK = '需澄清'
export const OTHER = '其他'

/** What a router answered, reduced to what scoring needs. */
export type Answer = { department: string | null; needsClarification: boolean; outOfScope: boolean }

/** One scored item: a case's first turn, or its follow-up (`id+f`). */
export type Scored = {
  id: string
  text: string
  expected: string
  acceptable: string[]
  got: string
  verdict: 'right' | 'misrouted' | 'asked'
}

/** The label an answer stands for: a department, 需澄清 or 其他. */
export function labelOf(answer: Answer): string {
  if (answer.needsClarification) return ASK
  if (answer.outOfScope || !answer.department) return OTHER
  return answer.department
}

/**
 * Scores one answer the way the shared dev set is scored: a 需澄清 case is right when the
 * service asks (or routes to an accepted department); a 其他 case when it says out of scope;
 * otherwise the department must be expected or acceptable. Asking on a department case is
 * not a misroute, but not right either.
 */
export function judge(expected: string, acceptable: readonly string[], answer: Answer): Scored['verdict'] {
  const accepted = new Set([expected, ...acceptable])
  if (expected === ASK) return answer.needsClarification || (answer.department && accepted.has(answer.department)) ? 'right' : 'misrouted'
  if (expected === OTHER) return answer.outOfScope && !answer.department ? 'right' : answer.needsClarification ? 'asked' : 'misrouted'
  if (answer.needsClarification) return 'asked'
  return !answer.outOfScope && answer.department && accepted.has(answer.department) ? 'right' : 'misrouted'
}

export type Report = {
  n: number
  accuracy: number
  misrouted: number
  clarificationRate: number
  perLabel: { label: string; precision: number; recall: number; support: number }[]
  confusion: Map<string, Map<string, number>>
  misses: Scored[]
}

/** Accuracy, misrouted and clarification rates, per-label precision and recall, confusion, misses. */
export function summarise(items: readonly Scored[]): Report {
  const n = items.length
  const right = items.filter((i) => i.verdict === 'right').length
  const misrouted = items.filter((i) => i.verdict === 'misrouted').length
  const asked = items.filter((i) => i.got === ASK).length
  const confusion = new Map<string, Map<string, number>>()
  for (const item of items) {
    const row = confusion.get(item.expected) ?? new Map<string, number>()
    row.set(item.got, (row.get(item.got) ?? 0) + 1)
    confusion.set(item.expected, row)
  }
  const labels = [...new Set(items.flatMap((i) => [i.expected, i.got]))].sort()
  const perLabel = labels.map((label) => {
    const predicted = items.filter((i) => i.got === label)
    const actual = items.filter((i) => i.expected === label)
    const truePositive = predicted.filter((i) => i.verdict === 'right').length
    const found = actual.filter((i) => i.verdict === 'right').length
    return {
      label,
      precision: predicted.length ? truePositive / predicted.length : 0,
      recall: actual.length ? found / actual.length : 0,
      support: actual.length,
    }
  })
  return {
    n,
    accuracy: n ? right / n : 0,
    misrouted: n ? misrouted / n : 0,
    clarificationRate: n ? asked / n : 0,
    perLabel,
    confusion,
    misses: items.filter((i) => i.verdict !== 'right'),
  }
}
