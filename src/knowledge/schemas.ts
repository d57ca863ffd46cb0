import { z } from 'zod'

/**
 * Shapes of the files in `knowledge/`. Every text field marked "verbatim" is
 * the bureau's own sentence from the seed (whitespace may differ); tests check it.
 */

/** Stable ids: lowercase ascii, digits, dots and dashes, e.g. `duty-06.4`, `boundary-03.commerce`. */
export const KnowledgeId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/, 'an id is lowercase letters, digits, "." and "-"')
export type KnowledgeId = z.infer<typeof KnowledgeId>

const Text = z.string().trim().min(1)

export const Department = z.strictObject({
  /** Stable id, e.g. `quality` for 县质监局, `commerce` for 县工商局. */
  id: KnowledgeId,
  /** The name exactly as the seed writes it (verbatim), e.g. `县工商局`. */
  name: Text,
  /** Other names callers use: 质监, 质量技术监督局, 12365, 工商, 12315 ... */
  aliases: z.array(Text).default([]),
  /** True for the bureau itself (县质监局); exactly one department has it. */
  isBureau: z.boolean().default(false),
  /** What a citizen should do next to reach this department, in plain Chinese (staff-editable, not from the seed). */
  contact: Text,
  /** The phone number, when the seed gives one (only the bureau's: 63823756). */
  phone: Text.optional(),
})
export type Department = z.infer<typeof Department>

export const DutyItem = z.strictObject({
  /** e.g. `duty-06.4` */
  id: KnowledgeId,
  /** verbatim work item (具体工作事项) */
  text: Text,
})
export type DutyItem = z.infer<typeof DutyItem>

export const Duty = z.strictObject({
  /** e.g. `duty-06` */
  id: KnowledgeId,
  /** 序号 1..14 */
  number: z.number().int().positive(),
  /** A short label for people, e.g. `计量监督管理` (ours, not the seed's). */
  title: Text,
  /** verbatim 主要职责 */
  summary: Text,
  items: z.array(DutyItem).min(1),
})
export type Duty = z.infer<typeof Duty>

export const BoundaryShare = z.strictObject({
  /** e.g. `boundary-03.commerce` */
  id: KnowledgeId,
  /** department id */
  department: KnowledgeId,
  /** verbatim 职责分工 sentences of this department in this matter */
  responsibilities: z.array(Text).min(1),
  /** verbatim 相关依据 texts attached to this department's rows (may be empty) */
  legalBasis: z.array(Text).default([]),
})
export type BoundaryShare = z.infer<typeof BoundaryShare>

export const BoundaryMatter = z.strictObject({
  /** e.g. `boundary-03` */
  id: KnowledgeId,
  /** 序号 1..12 */
  number: z.number().int().positive(),
  /** True when the export lost the row number and it was inferred from the order (rows 7 to 11). */
  numberInferred: z.boolean().default(false),
  /** verbatim 管理事项, e.g. `申诉处理` */
  name: Text,
  shares: z.array(BoundaryShare).min(1),
  /** verbatim 案例, or null where the seed gives none */
  case: Text.nullable(),
})
export type BoundaryMatter = z.infer<typeof BoundaryMatter>

export const Regime = z.strictObject({
  /** e.g. `regime-11` */
  id: KnowledgeId,
  /** （一）..（十二） as 1..12 */
  number: z.number().int().positive(),
  /** verbatim title, e.g. `定量包装商品计量监管` */
  title: Text,
  /** the six parts, each verbatim (multi-line allowed) */
  object: Text,
  content: Text,
  method: Text,
  measures: Text,
  procedure: Text,
  handling: Text,
})
export type Regime = z.infer<typeof Regime>

export const PublicService = z.strictObject({
  /** e.g. `service-3` */
  id: KnowledgeId,
  number: z.number().int().positive(),
  /** verbatim 服务事项, e.g. `商品条码服务` */
  name: Text,
  /** verbatim 主要内容 */
  content: Text,
  /** verbatim 承办机构 (`定安质监局`) */
  organiser: Text,
  /** verbatim 联系电话 */
  phone: Text,
})
export type PublicService = z.infer<typeof PublicService>

export const DepartmentsFile = z.strictObject({ departments: z.array(Department).min(1) })
export const DutiesFile = z.strictObject({ duties: z.array(Duty).min(1) })
export const BoundaryFile = z.strictObject({ matters: z.array(BoundaryMatter).min(1) })
export const RegimesFile = z.strictObject({ regimes: z.array(Regime).min(1) })
export const ServicesFile = z.strictObject({ services: z.array(PublicService).min(1) })

/**
 * What a citable id names: a department, a duty or one of its items, a
 * boundary matter or one department's share of it, a regime, a service.
 */
export const KnowledgeEntryKind = z.enum(['department', 'duty', 'duty-item', 'matter', 'share', 'regime', 'service'])
export type KnowledgeEntryKind = z.infer<typeof KnowledgeEntryKind>

/**
 * Any citable piece of knowledge, resolved from its id (see `getEntry`): what a
 * routing decision or an answer cites.
 */
export const KnowledgeEntry = z.strictObject({
  id: KnowledgeId,
  kind: KnowledgeEntryKind,
  /** For people, e.g. `职责边界 第3项 申诉处理 · 县工商局` (built from verbatim names and our labels). */
  title: Text,
  /**
   * The seed's text: a share's responsibilities, a duty's summary, an item, a
   * regime's six parts under their headings, a service's content. For a
   * department (not in the seed): its contact line.
   */
  text: Text,
  /** 相关依据 texts, for shares and matters. */
  legalBasis: z.array(Text).optional(),
  /** 案例, for shares and matters; null where the seed gives none. */
  case: Text.nullable().optional(),
})
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>
