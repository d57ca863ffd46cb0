import { z } from 'zod'
import { KnowledgeId } from './schemas.ts'

/**
 * Shapes of the routing knowledge: the lexicon (words → facts), the rules
 * (facts → department, question or out-of-scope), and the clarifying questions.
 * All three live in `knowledge/` as YAML so the bureau's staff can edit them.
 */

/** A fact name: `subject.elevator`, `stage.circulation`, `wrong.short_weight`, `signal.trapped`, `topic.noise`. */
export const FactName = z
  .string()
  .regex(/^[a-z]+\.[a-z_]+$/, 'a fact is written like "subject.elevator"')
export type FactName = z.infer<typeof FactName>

export const LexiconEntry = z.strictObject({
  fact: FactName,
  /** how the fact reads to a person, e.g. `电梯` */
  label: z.string().min(1),
  /** words that evidence the fact (weight 3) */
  terms: z.array(z.string().min(1)).default([]),
  /** words that hint at it (weight 1); only meaningful inside a competing group such as `stage` */
  weakTerms: z.array(z.string().min(1)).default([]),
  /** regular expressions (JavaScript syntax, `u` flag) for what a word list cannot say */
  patterns: z.array(z.string().min(1)).default([]),
  /** more facts that follow from this one, e.g. an elevator is special equipment */
  implies: z.array(FactName).default([]),
  /** seed vocabulary added to the retrieval query when the fact is found, e.g. 塔吊 → 起重机械 */
  expand: z.array(z.string().min(1)).default([]),
  /**
   * whether a negation before the word cancels it (不是在商场买的); off by default, because for most
   * subjects a negation is rhetorical (九月份不是质量月嘛) or about something else
   */
  negatable: z.boolean().default(false),
})
export type LexiconEntry = z.infer<typeof LexiconEntry>

export const LexiconGroup = z.strictObject({
  /** facts whose names start with `<id>.` compete: only the heaviest survives, and only by a margin */
  id: z.string().regex(/^[a-z]+$/),
  margin: z.number().int().positive().default(1),
})

export const LexiconFile = z.strictObject({
  /** words that cancel a following fact word in the same clause */
  negations: z.array(z.string().min(1)),
  /** how many characters may stand between a negation and the word it cancels */
  negationGap: z.number().int().nonnegative().default(3),
  /** phrases blanked out before matching, because they mislead (生产日期 is not about a factory) */
  ignore: z.array(z.string().min(1)).default([]),
  /** the same, as regular expressions: an operator's own tentative category (初判：食品安全) is not the caller's fact */
  ignorePatterns: z.array(z.string().min(1)).default([]),
  /** words that put a danger in the past (昨天) and words that keep it present (现在) */
  pastMarkers: z.array(z.string().min(1)).default([]),
  presentMarkers: z.array(z.string().min(1)).default([]),
  /**
   * How callers clear a thing they mention of blame: words after it (电梯本身没毛病, 秤是准的), words
   * before it (我不是投诉加油机), or 不是…的问题 around it. Such a mention is not the complaint's subject.
   */
  exoneration: z
    .strictObject({
      after: z.array(z.string().min(1)).default([]),
      notComplaining: z.array(z.string().min(1)).default([]),
      notTheProblem: z.array(z.string().min(1)).default([]),
      /** words before the thing that make it someone else's claim (他们说地磅是准的): no clearing */
      reported: z.array(z.string().min(1)).default([]),
      /** how many characters may stand between the thing and the words after it (本身) */
      gap: z.number().int().nonnegative().default(4),
    })
    .default({ after: [], notComplaining: [], notTheProblem: [], reported: [], gap: 4 }),
  /**
   * Phrases by which a caller sets aside what they have just said (司机绕路我就不计较了, 加油机准不准我没测过，那不是重点):
   * what was said before one in its sentence, up to the end of its clause, is context, not the complaint.
   */
  dismissals: z.array(z.string().min(1)).default([]),
  /**
   * Phrases after which the caller says what really happened (其实, 后来发现, 我说的是): where facts compete
   * (the stage: shop or factory), the words after the last one settle the contest when they can, as a later
   * turn does.
   */
  corrections: z.array(z.string().min(1)).default([]),
  groups: z.array(LexiconGroup).default([]),
  entries: z.array(LexiconEntry).min(1),
})
export type LexiconFile = z.infer<typeof LexiconFile>

export const RuleWhen = z
  .strictObject({
    all: z.array(FactName).default([]),
    any: z.array(FactName).default([]),
    none: z.array(FactName).default([]),
    /**
     * Two lists of facts that must be said in one sentence (one fact of each), so that in a long story
     * 路灯坏了 is not read as a defect of the 电动车 mentioned three sentences before.
     */
    near: z.tuple([z.array(FactName).min(1), z.array(FactName).min(1)]).optional(),
  })
  .refine((w) => w.all.length + w.any.length > 0, 'a rule needs at least one fact under "all" or "any"')
export type RuleWhen = z.infer<typeof RuleWhen>

const RouteThen = z.strictObject({
  department: KnowledgeId,
  coResponsible: z.array(KnowledgeId).default([]),
  /** the boundary matter, duty or service the decision rests on */
  matter: KnowledgeId,
  /** knowledge ids quoted as the reason, most important first */
  cite: z.array(KnowledgeId).min(1),
  /** one plain-Chinese sentence: why this department */
  explain: z.string().min(1),
})

const AskThen = z.strictObject({
  question: KnowledgeId,
})

const OutOfScopeThen = z.strictObject({
  topic: z.string().min(1),
  redirect: z.string().min(1),
  explain: z.string().min(1),
  /**
   * Whether this topic outweighs a bare mention of something the table covers: when the caller names
   * no wrong and no danger, 电梯广告费 is about money, not about the elevator.
   * Leave it off for topics that are mostly places (医院, 学校).
   */
  outweighsMentions: z.boolean().default(false),
})

export const Rule = z
  .strictObject({
    id: KnowledgeId,
    /** higher wins; among equals the rule with more conditions wins */
    priority: z.number().int(),
    when: RuleWhen,
    route: RouteThen.optional(),
    ask: AskThen.optional(),
    outOfScope: OutOfScopeThen.optional(),
  })
  .refine(
    (r) => [r.route, r.ask, r.outOfScope].filter(Boolean).length === 1,
    'a rule has exactly one of "route", "ask" or "outOfScope"',
  )
export type Rule = z.infer<typeof Rule>

export const DangerSignal = z.strictObject({
  fact: FactName,
  call: z.array(z.string().min(1)).min(1),
  advice: z.string().min(1),
})
export type DangerSignal = z.infer<typeof DangerSignal>

export const RulesFile = z.strictObject({
  rules: z.array(Rule).min(1),
  dangers: z.array(DangerSignal).default([]),
  /** what to say when nothing in the table matches at all */
  fallback: z.strictObject({
    redirect: z.string().min(1),
    explain: z.string().min(1),
    /** asked when the complaint has some facts but no rule decides */
    question: KnowledgeId,
  }),
})
export type RulesFile = z.infer<typeof RulesFile>

export const Question = z.strictObject({
  id: KnowledgeId,
  /** the fact family the answer must supply, e.g. `stage`; several separated by commas (`subject,topic`) */
  missingFact: z.string().min(1),
  question: z.string().min(1),
  /** 2 to 4 answers a caller can pick; each must itself resolve the missing fact */
  suggestions: z.array(z.string().min(1)).min(2).max(4),
  cite: z.array(KnowledgeId).default([]),
})
export type Question = z.infer<typeof Question>

export const QuestionsFile = z.strictObject({
  questions: z.array(Question).min(1),
})
export type QuestionsFile = z.infer<typeof QuestionsFile>
