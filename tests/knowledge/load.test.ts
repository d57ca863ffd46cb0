import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_KNOWLEDGE_DIR,
  KNOWLEDGE_FILES,
  KnowledgeError,
  getEntry,
  loadKnowledge,
  type BoundaryShare,
  type Department,
  type Knowledge,
} from '../../src/knowledge/index.ts'

const SEED_PATH = new URL('../../../shared/seeds/000_0b6741967b43ba95.txt', import.meta.url)
const SEED = readFileSync(SEED_PATH, 'utf8')

const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })

/** Whitespace never counts: the export wraps cells anywhere and indents with U+3000. */
const normalize = (text: string) => text.replace(/[\s\u3000\u00a0\ufeff]+/gu, '')

const scratch = mkdtempSync(join(tmpdir(), 'knowledge-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let copies = 0

/** A fresh copy of knowledge/ (named `knowledge`, so error messages read as in production), optionally with one file edited. */
function copyKnowledge(file?: string, edit?: (text: string) => string): string {
  const dir = join(scratch, String(copies++), 'knowledge')
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true })
  if (file && edit) {
    const path = join(dir, file)
    const before = readFileSync(path, 'utf8')
    const after = edit(before)
    if (after === before) throw new Error(`the edit of ${file} changed nothing`)
    writeFileSync(path, after)
  }
  return dir
}

/** Every object with an `id` anywhere in the knowledge. */
function allIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allIds)
  if (value === null || typeof value !== 'object') return []
  const record = value as Record<string, unknown>
  const own = typeof record.id === 'string' ? [record.id] : []
  return [...own, ...Object.values(record).flatMap(allIds)]
}

describe('loadKnowledge', () => {
  it('loads 10 departments, 14 duties, 12 boundary matters, 12 regimes and 4 services', () => {
    expect(knowledge.departments).toHaveLength(10)
    expect(knowledge.duties).toHaveLength(14)
    expect(knowledge.matters).toHaveLength(12)
    expect(knowledge.regimes).toHaveLength(12)
    expect(knowledge.services).toHaveLength(4)
  })

  it('numbers duties, matters, regimes and services 1..n in file order with ids that follow', () => {
    const check = (items: ReadonlyArray<{ id: string; number: number }>, id: (n: number) => string) =>
      items.forEach((item, i) => expect([item.number, item.id]).toEqual([i + 1, id(i + 1)]))
    const two = (n: number) => String(n).padStart(2, '0')
    check(knowledge.duties, (n) => `duty-${two(n)}`)
    check(knowledge.matters, (n) => `boundary-${two(n)}`)
    check(knowledge.regimes, (n) => `regime-${two(n)}`)
    check(knowledge.services, (n) => `service-${n}`)
  })

  it('marks exactly the boundary rows 7 to 11 as having an inferred number', () => {
    const inferred = knowledge.matters.filter((m) => m.numberInferred).map((m) => [m.number, m.name])
    expect(inferred).toEqual([
      [7, '超限、超载运输管理'],
      [8, '气瓶安全管理'],
      [9, '长输、公用（油气）压力管道管理'],
      [10, '房屋建筑工地、市政工程工地用起重机械的管理'],
      [11, '地理标志产品管理'],
    ])
  })

  it('has the bureau as its only isBureau department, with the seed phone', () => {
    const bureaus = knowledge.departments.filter((d) => d.isBureau)
    expect(bureaus.map((d) => [d.id, d.name, d.phone])).toEqual([['quality', '县质监局', '63823756']])
  })

  it('knows every department a boundary matter names, and every department appears in some matter', () => {
    const ids = new Set(knowledge.departments.map((d) => d.id))
    const named = new Set(knowledge.matters.flatMap((m) => m.shares.map((s) => s.department)))
    expect([...named].filter((id) => !ids.has(id))).toEqual([])
    expect([...ids].filter((id) => !named.has(id))).toEqual([])
  })

  it('gives the pressure-pipe matter no case and every other matter one', () => {
    expect(knowledge.matters.filter((m) => m.case === null).map((m) => m.id)).toEqual(['boundary-09'])
  })

  it('uses each id once across all files', () => {
    const ids = allIds(knowledge)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    expect(ids.length).toBeGreaterThan(100)
  })

  it('gives the same version to two loads of the same files, wherever they live', () => {
    expect(knowledge.version).toMatch(/^[0-9a-f]{16}$/)
    expect(loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR }).version).toBe(knowledge.version)
    expect(loadKnowledge({ dir: copyKnowledge() }).version).toBe(knowledge.version)
  })

  it.each(Object.values(KNOWLEDGE_FILES).map(([file]) => file))('changes the version when %s changes, even by a comment', (file) => {
    const dir = copyKnowledge(file, (text) => `${text}# edited\n`)
    expect(loadKnowledge({ dir }).version).not.toBe(knowledge.version)
  })

  it('returns a deeply frozen object', () => {
    expect(Object.isFrozen(knowledge)).toBe(true)
    expect(Object.isFrozen(knowledge.matters)).toBe(true)
    expect(Object.isFrozen(knowledge.matters[0]!.shares[0]!.legalBasis)).toBe(true)
    expect(Object.isFrozen(knowledge.departments[0]!.aliases)).toBe(true)
    expect(() => {
      ;(knowledge.departments as Department[]).push(knowledge.departments[0]!)
    }).toThrow(TypeError)
    expect(() => {
      ;(knowledge.departments[0] as Department).name = '县工商局'
    }).toThrow(TypeError)
    expect(() => {
      ;(knowledge as { version: string }).version = 'x'
    }).toThrow(TypeError)
  })
})

describe('loadKnowledge on a broken file', () => {
  const failure = (dir: string): KnowledgeError => {
    try {
      loadKnowledge({ dir })
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError)
      return error as KnowledgeError
    }
    throw new Error('loadKnowledge did not fail')
  }

  it('names the file and path of a share whose department does not exist', () => {
    const dir = copyKnowledge('boundary.yaml', (t) => t.replace('department: commerce', 'department: comerce'))
    const error = failure(dir)
    expect(error.message).toMatch(/^knowledge\/boundary\.yaml: matters\[2\]\.shares\[1\]\.department: unknown department "comerce"/)
    expect([error.file, error.path]).toEqual(['knowledge/boundary.yaml', 'matters[2].shares[1].department'])
  })

  it('names the file and line of a YAML syntax error', () => {
    const dir = copyKnowledge('duties.yaml', (t) => t.replace('    title: 标准化管理\n', '    title: [标准化管理\n'))
    expect(failure(dir).message).toMatch(/^knowledge\/duties\.yaml: line \d+, column \d+: YAML syntax error: /)
  })

  it('names the file and path of a missing field', () => {
    const dir = copyKnowledge('regimes.yaml', (t) => t.replace(/^ {4}handling: .*\n/m, ''))
    expect(failure(dir).message).toBe('knowledge/regimes.yaml: regimes[0].handling: required field is missing')
  })

  it('names the file and path of an unknown field, so typos in keys are caught', () => {
    const dir = copyKnowledge('services.yaml', (t) => t.replace('    organiser:', '    organizer:'))
    expect(failure(dir).message).toBe(
      'knowledge/services.yaml: services[0].organiser: required field is missing (unknown key "organizer" here: a typo?)',
    )
    const extra = copyKnowledge('services.yaml', (t) => t.replace('    organiser:', '    note: 新增\n    organiser:'))
    expect(failure(extra).message).toBe('knowledge/services.yaml: services[0]: Unrecognized key: "note"')
  })

  it('names both places of an id used twice across files', () => {
    const dir = copyKnowledge('services.yaml', (t) => t.replace('id: service-2', 'id: duty-01'))
    expect(failure(dir).message).toBe(
      'knowledge/services.yaml: services[1].id: duplicate id "duty-01" (first used at duties.yaml: duties[0].id)',
    )
  })

  it('rejects a second isBureau department', () => {
    const dir = copyKnowledge('departments.yaml', (t) => t.replace('  - id: commerce\n', '  - id: commerce\n    isBureau: true\n'))
    expect(failure(dir).message).toMatch(/^knowledge\/departments\.yaml: departments: exactly one department must have isBureau: true/)
  })

  it('rejects an alias that another department already uses, ignoring whitespace', () => {
    const dir = copyKnowledge('departments.yaml', (t) => t.replace('      - 工商所\n', '      - 工商所\n      - " 质监 "\n'))
    expect(failure(dir).message).toBe(
      'knowledge/departments.yaml: departments[1].aliases[3]: "质监" is already a name or alias of department "quality"',
    )
  })

  it('rejects a share whose id does not name its matter and department', () => {
    const dir = copyKnowledge('boundary.yaml', (t) => t.replace('id: boundary-03.commerce', 'id: boundary-03.quality-2'))
    expect(failure(dir).message).toBe(
      'knowledge/boundary.yaml: matters[2].shares[1].id: expected "boundary-03.commerce", found "boundary-03.quality-2"',
    )
  })

  it('names an empty or missing file', () => {
    expect(failure(copyKnowledge('services.yaml', () => '# nothing yet\n')).message).toBe('knowledge/services.yaml: the file is empty')
    const dir = copyKnowledge()
    rmSync(join(dir, 'regimes.yaml'))
    expect(failure(dir).message).toBe('knowledge/regimes.yaml: file not found')
  })
})

/**
 * Every text the seed owns, with where it is stored. Aliases, contacts and
 * duty titles are ours and not checked.
 */
function seedTexts(k: Knowledge): Array<[where: string, text: string]> {
  return [
    ...k.departments.map((d): [string, string] => [`${d.id}.name`, d.name]),
    ...k.duties.flatMap((d): Array<[string, string]> => [
      [`${d.id}.summary`, d.summary],
      ...d.items.map((item): [string, string] => [item.id, item.text]),
    ]),
    ...k.matters.flatMap((m): Array<[string, string]> => [
      [`${m.id}.name`, m.name],
      ...(m.case === null ? [] : [[`${m.id}.case`, m.case] as [string, string]]),
      ...m.shares.flatMap((s): Array<[string, string]> => [
        ...s.responsibilities.map((r, i): [string, string] => [`${s.id}.responsibilities[${i}]`, r]),
        ...s.legalBasis.map((b, i): [string, string] => [`${s.id}.legalBasis[${i}]`, b]),
      ]),
    ]),
    ...k.regimes.flatMap((r): Array<[string, string]> =>
      (['title', 'object', 'content', 'method', 'measures', 'procedure', 'handling'] as const).map((part) => [`${r.id}.${part}`, r[part]]),
    ),
    ...k.services.flatMap((s): Array<[string, string]> =>
      (['name', 'content', 'organiser', 'phone'] as const).map((part) => [`${s.id}.${part}`, s[part]]),
    ),
  ]
}

/** The lines of the seed between two section headings (exclusive). */
function seedSection(from: string, to: string | null): string[] {
  const lines = SEED.split('\n')
  // Exact lines: the export's first line repeats a heading with a leading space.
  const start = lines.findIndex((l) => l.trimEnd() === from)
  const end = to === null ? lines.length : lines.findIndex((l, i) => i > start && l.trimEnd() === to)
  if (start < 0 || end < 0) throw new Error(`seed section ${from} not found`)
  return lines.slice(start + 1, end)
}

type Cell = { text: string; opensRow: boolean }

/**
 * Cells of a table in the export: a line starting with a tab opens a cell; a
 * non-blank line without one continues the cell above (the export wraps cells
 * and breaks paragraphs that way). " \t" opens the rows whose number was lost.
 */
function seedCells(lines: readonly string[]): Cell[] {
  const cells: Cell[] = []
  for (const line of lines) {
    const open = /^( ?)\t(.*)$/.exec(line)
    if (open) cells.push({ text: open[2]!, opensRow: open[1] === ' ' })
    else if (line.trim() && cells.length > 0) cells[cells.length - 1]!.text += `\n${line}`
  }
  return cells.map((c) => ({ ...c, text: c.text.trim() }))
}

type SeedMatter = { name: string; case: string | null; departments: string[]; bases: string[]; responsibilities: string[] }

/**
 * The boundary table read mechanically, independent of knowledge/: a row opens
 * a matter with its number (or " \t" where the export lost it), then 管理事项,
 * 相关部门, 职责分工, 相关依据, 案例. Later cells of a matter are department names,
 * legal bases (they cite a document: 《…》, "1、《…》", "…三定方案") or
 * responsibilities.
 */
function seedBoundary(): SeedMatter[] {
  const cells = seedCells(seedSection('二、与相关部门的职责边界登记表', '三、事中事后监管制度'))
  const headerEnd = cells.findIndex((c) => c.text === '案例')
  const matters: SeedMatter[] = []
  const names = new Set(knowledge.departments.map((d) => normalize(d.name)))
  let caseIndex = -1
  for (let i = headerEnd + 1; i < cells.length; i++) {
    const text = cells[i]!.text
    if (/^\d+$/.test(text) || cells[i]!.opensRow) {
      const nameIndex = cells[i]!.opensRow ? i : i + 1
      caseIndex = nameIndex + 4
      matters.push({ name: cells[nameIndex]!.text, case: cells[caseIndex]!.text || null, departments: [], bases: [], responsibilities: [] })
      i = nameIndex
      continue
    }
    const matter = matters.at(-1)!
    if (!text || i === caseIndex) continue
    if (names.has(normalize(text))) matter.departments.push(normalize(text))
    else if (/^(\d+[、.．])?《|三定方案$/.test(normalize(text))) matter.bases.push(text)
    else matter.responsibilities.push(text)
  }
  return matters
}

/** A cell's clauses: stored texts may split a cell at "；", "。" or a line break (numbered legal bases), never inside a clause. */
const clauses = (text: string) => text.split(/[；。\n]/u).map(normalize).filter(Boolean)

describe('knowledge/ against the seed', () => {
  const seed = normalize(SEED)
  const boundary = seedBoundary()

  it('quotes the seed verbatim in every text it takes from it (whitespace aside)', () => {
    const texts = seedTexts(knowledge)
    expect(texts.length).toBeGreaterThan(250)
    expect(texts.filter(([, text]) => !seed.includes(normalize(text))).map(([where]) => where)).toEqual([])
  })

  it('reads the seed boundary table mechanically as 12 matters with 11 cases and 23 legal-basis cells', () => {
    expect(boundary.map((m) => m.name)).toEqual(knowledge.matters.map((m) => m.name))
    expect(boundary.filter((m) => m.case !== null)).toHaveLength(11)
    expect(boundary.flatMap((m) => m.bases)).toHaveLength(23)
  })

  it('keeps every case of the seed boundary table with its matter', () => {
    expect(knowledge.matters.map((m) => m.case && normalize(m.case))).toEqual(boundary.map((m) => m.case && normalize(m.case)))
  })

  /** Seed clauses of each matter that no stored text of the same matter contains. */
  const lostClauses = (seedTextsOf: (m: SeedMatter) => string[], storedOf: (s: BoundaryShare) => readonly string[]) =>
    boundary.flatMap((seedMatter, i) => {
      const matter = knowledge.matters[i]!
      const stored = matter.shares.flatMap((s) => storedOf(s).map(normalize))
      const lost = seedTextsOf(seedMatter).flatMap(clauses).filter((c) => !stored.some((text) => text.includes(c)))
      return lost.map((c) => `${matter.id}: ${c}`)
    })

  it('keeps every legal basis of the seed boundary table with its matter', () => {
    expect(lostClauses((m) => m.bases, (s) => s.legalBasis)).toEqual([])
  })

  it('keeps every responsibility of the seed boundary table with its matter', () => {
    expect(lostClauses((m) => m.responsibilities, (s) => s.responsibilities)).toEqual([])
  })

  it('names the same departments in each matter as the seed rows do', () => {
    const nameOf = new Map(knowledge.departments.map((d) => [d.id, normalize(d.name)]))
    const stored = knowledge.matters.map((m) => m.shares.map((s) => nameOf.get(s.department)))
    expect(stored).toEqual(boundary.map((m) => m.departments))
  })

  it('keeps every duty and work item of the seed in order', () => {
    const cells = seedCells(seedSection('一、部门职责登记表', '二、与相关部门的职责边界登记表'))
    const duties: Array<{ summary: string; items: string[] }> = []
    for (let i = cells.findIndex((c) => c.text === '备  注') + 1; i < cells.length; i++) {
      const text = normalize(cells[i]!.text)
      if (/^\d+$/.test(text)) duties.push({ summary: normalize(cells[++i]!.text), items: [] })
      else if (text) duties.at(-1)!.items.push(text)
    }
    const stored = knowledge.duties.map((d) => ({ summary: normalize(d.summary), items: d.items.map((item) => normalize(item.text)) }))
    expect(stored).toEqual(duties)
  })

  it('keeps every line of the seed regimes under its regime and heading', () => {
    const PARTS = {
      对象: 'object',
      内容: 'content',
      方式: 'method',
      措施: 'measures',
      程序: 'procedure',
      处理: 'handling',
    } as const
    const regimes: Array<Record<string, string>> = []
    let part = ''
    for (const line of seedSection('三、事中事后监管制度', '四、公共服务事项登记表').map((l) => l.trim())) {
      const title = /^（[一二三四五六七八九十]+）(.+)$/.exec(line)
      const heading = /^[1-6]、监督检查(对象|内容|方式|措施|程序|处理)$/.exec(line)
      if (title) regimes.push({ title: normalize(title[1]!) })
      else if (heading) regimes.at(-1)![(part = PARTS[heading[1] as keyof typeof PARTS])] = ''
      else if (line) regimes.at(-1)![part] += normalize(line)
    }
    const stored = knowledge.regimes.map(({ id: _id, number: _number, ...parts }) =>
      Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, normalize(v)])),
    )
    expect(stored).toEqual(regimes)
  })

  it('keeps every cell of the seed services table', () => {
    const cells = seedCells(seedSection('四、公共服务事项登记表', null))
    const stored = knowledge.services.flatMap((s) => [String(s.number), s.name, s.content, s.organiser, s.phone].map(normalize))
    const seedCellsText = cells.map((c) => normalize(c.text)).filter((t) => !['序号', '服务事项', '主要内容', '承办机构', '联系电话'].includes(t))
    expect(seedCellsText).toEqual(stored)
  })
})

describe('getEntry over the loaded knowledge', () => {
  it('resolves every id of the seed tables to an entry with a title and text', () => {
    const { departments, duties, matters, regimes, services } = knowledge
    const unresolved = allIds({ departments, duties, matters, regimes, services }).filter((id) => {
      const entry = getEntry(knowledge, id)
      return !entry || entry.id !== id || !entry.title || !entry.text
    })
    expect(unresolved).toEqual([])
  })
})
