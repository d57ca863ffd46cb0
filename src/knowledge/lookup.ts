import type { Knowledge } from './load.ts'
import type { Department, KnowledgeEntry, Regime } from './schemas.ts'

type Index = {
  readonly entries: ReadonlyMap<string, KnowledgeEntry>
  readonly entryList: readonly KnowledgeEntry[]
  readonly departments: ReadonlyMap<string, Department>
  readonly departmentNames: ReadonlyMap<string, Department>
}

// Knowledge is frozen, so its indexes live beside it rather than on it.
const INDEXES = new WeakMap<Knowledge, Index>()

/** The six parts of a regime with the seed's own heading for each. */
const REGIME_PARTS = [
  ['object', '1、监督检查对象'],
  ['content', '2、监督检查内容'],
  ['method', '3、监督检查方式'],
  ['measures', '4、监督检查措施'],
  ['procedure', '5、监督检查程序'],
  ['handling', '6、监督检查处理'],
] as const satisfies ReadonlyArray<readonly [keyof Regime, string]>

/**
 * Builds the id and name indexes of `knowledge` once; `loadKnowledge` calls it.
 * Lookups on a hand-made Knowledge (a test fixture) build them on first use.
 */
export function indexKnowledge(knowledge: Knowledge): void {
  if (INDEXES.has(knowledge)) return
  const entries = new Map<string, KnowledgeEntry>()
  const add = (entry: KnowledgeEntry) => {
    if (entry.legalBasis) Object.freeze(entry.legalBasis)
    entries.set(entry.id, Object.freeze(entry))
  }
  const departments = new Map<string, Department>()
  const departmentNames = new Map<string, Department>()

  for (const department of knowledge.departments) {
    departments.set(department.id, department)
    for (const name of [department.name, ...department.aliases]) departmentNames.set(normalizeName(name), department)
    add({ id: department.id, kind: 'department', title: department.name, text: department.contact })
  }

  for (const duty of knowledge.duties) {
    const title = `部门职责 第${duty.number}项 ${duty.title}`
    add({ id: duty.id, kind: 'duty', title, text: duty.summary })
    for (const [i, item] of duty.items.entries()) {
      add({ id: item.id, kind: 'duty-item', title: `${title} · 具体工作事项 ${i + 1}`, text: item.text })
    }
  }

  for (const matter of knowledge.matters) {
    const title = `职责边界 第${matter.number}项 ${matter.name}`
    add({
      id: matter.id,
      kind: 'matter',
      title,
      text: matter.shares.map((s) => `${departmentName(departments, s.department)}：${s.responsibilities.join('')}`).join('\n'),
      legalBasis: [...new Set(matter.shares.flatMap((s) => s.legalBasis))],
      case: matter.case,
    })
    for (const share of matter.shares) {
      add({
        id: share.id,
        kind: 'share',
        title: `${title} · ${departmentName(departments, share.department)}`,
        text: share.responsibilities.join('\n'),
        legalBasis: [...share.legalBasis],
        case: matter.case,
      })
    }
  }

  for (const regime of knowledge.regimes) {
    add({
      id: regime.id,
      kind: 'regime',
      title: `事中事后监管 第${regime.number}项 ${regime.title}`,
      text: REGIME_PARTS.map(([part, heading]) => `${heading}\n${regime[part]}`).join('\n'),
    })
  }

  for (const service of knowledge.services) {
    add({ id: service.id, kind: 'service', title: `公共服务 第${service.number}项 ${service.name}`, text: service.content })
  }

  INDEXES.set(knowledge, { entries, entryList: Object.freeze([...entries.values()]), departments, departmentNames })
}

function indexOf(knowledge: Knowledge): Index {
  indexKnowledge(knowledge)
  return INDEXES.get(knowledge)!
}

function departmentName(departments: ReadonlyMap<string, Department>, id: string): string {
  return departments.get(id)?.name ?? id
}

/** How department names are compared: NFKC (full-width digits fold to ASCII) and no whitespace. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '')
}

/**
 * The department with this id, or undefined.
 *
 * @example
 * getDepartment(knowledge, 'commerce')?.name // '县工商局'
 */
export function getDepartment(knowledge: Knowledge, id: string): Department | undefined {
  return indexOf(knowledge).departments.get(id)
}

/**
 * The department a caller means by a name or alias (exact match, ignoring
 * whitespace and full-width digits), or undefined.
 *
 * @example
 * findDepartmentByName(knowledge, '12315')?.id // 'commerce'
 * findDepartmentByName(knowledge, '县食药监局')?.id // 'food-drug'
 */
export function findDepartmentByName(knowledge: Knowledge, nameOrAlias: string): Department | undefined {
  return indexOf(knowledge).departmentNames.get(normalizeName(nameOrAlias))
}

/**
 * Resolves any citable id (department, duty, duty item, matter, share, regime,
 * service) to a title for people and the seed's text. O(1).
 * A share's text is its rows' responsibilities, one per line; a matter's text
 * is one line per department, `县工商局：…`.
 *
 * @example
 * getEntry(knowledge, 'boundary-03.commerce')
 * // { id: 'boundary-03.commerce', kind: 'share', title: '职责边界 第3项 申诉处理 · 县工商局',
 * //   text: '受理流通领域产品质量投诉、举报和咨询。', legalBasis: [], case: '质监“12365”热线接到…' }
 */
export function getEntry(knowledge: Knowledge, id: string): KnowledgeEntry | undefined {
  return indexOf(knowledge).entries.get(id)
}

/** Every citable entry, in file order (departments, duties, matters, regimes, services): e.g. to build a retrieval index. */
export function listEntries(knowledge: Knowledge): readonly KnowledgeEntry[] {
  return indexOf(knowledge).entryList
}
