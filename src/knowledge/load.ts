import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import type { z } from 'zod'
import { indexKnowledge, normalizeName } from './lookup.ts'
import { LexiconFile, QuestionsFile, RulesFile } from './routing-schemas.ts'
import { BoundaryFile, DepartmentsFile, DutiesFile, RegimesFile, ServicesFile } from './schemas.ts'

/** `knowledge/` at the repository root, resolved from this module so it works from any cwd. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url))

/**
 * Every file in `knowledge/`: the {@link Knowledge} field it fills → [file name, zod schema].
 * A file whose top-level key is the field name fills it with that key's value
 * (`boundary.yaml` holds `matters:`); otherwise the whole file is the field (`lexicon`, `routing`).
 * Adding a file is one line here; its ids join the uniqueness check on their own.
 * The order is the order the version hash reads the files in.
 */
export const KNOWLEDGE_FILES = {
  departments: ['departments.yaml', DepartmentsFile],
  duties: ['duties.yaml', DutiesFile],
  matters: ['boundary.yaml', BoundaryFile],
  regimes: ['regimes.yaml', RegimesFile],
  services: ['services.yaml', ServicesFile],
  lexicon: ['lexicon.yaml', LexiconFile],
  routing: ['rules.yaml', RulesFile],
  questions: ['questions.yaml', QuestionsFile],
} as const satisfies Record<string, readonly [string, z.ZodType]>

type KnowledgeFiles = typeof KNOWLEDGE_FILES
type KnowledgeKey = keyof KnowledgeFiles
type FileContent<K extends KnowledgeKey> = z.infer<KnowledgeFiles[K][1]>
type Section<K extends KnowledgeKey> = K extends keyof FileContent<K> ? FileContent<K>[K] : FileContent<K>
type Sections = { [K in KnowledgeKey]: Section<K> }

/**
 * The validated knowledge: one readonly array per file, plus a content hash.
 * The whole object graph is frozen at run time (writes throw), so it can be
 * shared by every request and passed into the routing engine as a value.
 */
export type Knowledge = { readonly version: string } & { readonly [K in KnowledgeKey]: Readonly<Section<K>> }

/**
 * A knowledge file failed to parse, validate or cross-check. The message names
 * the file and the path of the first problem, e.g.
 * `knowledge/boundary.yaml: matters[3].shares[0].department: unknown department "comerce"`.
 */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError'

  constructor(
    /** e.g. `knowledge/boundary.yaml` */
    readonly file: string,
    /** e.g. `matters[3].shares[0].department`, or `line 4, column 7` for YAML syntax; empty for the whole file */
    readonly path: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`, options)
  }
}

type PathSegment = string | number
type Problem = { key: KnowledgeKey; path: readonly PathSegment[]; message: string }

/**
 * Checks across records and files, run after every file has passed its schema.
 * Each returns the first problem it finds. Add a check here when a new file
 * refers to another (e.g. a rule naming a department).
 */
const KNOWLEDGE_CHECKS: ReadonlyArray<(sections: Sections) => Problem | undefined> = [
  checkUniqueIds,
  checkOneBureau,
  checkDepartmentNames,
  checkShareDepartments,
  checkChildIds,
  checkRuleReferences,
  checkLexiconPatterns,
]

/**
 * Reads, validates and freezes every file of {@link KNOWLEDGE_FILES} in `dir`.
 * Throws {@link KnowledgeError} on the first problem, so start-up fails fast.
 *
 * @example
 * const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
 * getEntry(knowledge, 'boundary-03.commerce')?.title // '职责边界 第3项 申诉处理 · 县工商局'
 */
export function loadKnowledge({ dir }: { dir: string }): Knowledge {
  const hash = createHash('sha256')
  const sections: Partial<Record<KnowledgeKey, unknown>> = {}

  for (const key of Object.keys(KNOWLEDGE_FILES) as KnowledgeKey[]) {
    const [fileName, schema] = KNOWLEDGE_FILES[key]
    const file = displayName(dir, fileName)
    const bytes = readKnowledgeFile(join(dir, fileName), file)
    hash.update(`${fileName}\0${bytes.length}\0`).update(bytes)

    const data = parseYaml(bytes.toString('utf8'), file)
    if (data === null || data === undefined) throw new KnowledgeError(file, '', 'the file is empty')
    const parsed = schema.safeParse(data)
    if (!parsed.success) {
      const [path, problem] = describeIssues(parsed.error.issues)
      throw new KnowledgeError(file, path, problem)
    }
    const content = parsed.data as Record<string, unknown>
    sections[key] = key in content ? content[key] : content
  }

  for (const check of KNOWLEDGE_CHECKS) {
    const problem = check(sections as Sections)
    if (problem) {
      const file = displayName(dir, KNOWLEDGE_FILES[problem.key][0])
      throw new KnowledgeError(file, formatPath(problem.path), problem.message)
    }
  }

  const knowledge = deepFreeze({ version: hash.digest('hex').slice(0, 16), ...sections }) as Knowledge
  indexKnowledge(knowledge)
  return knowledge
}

function readKnowledgeFile(path: string, file: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)
    throw new KnowledgeError(file, '', reason, { cause: error })
  }
}

function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  const error = doc.errors[0]
  if (error) {
    const at = error.linePos?.[0]
    const where = at ? `line ${at.line}, column ${at.col}` : ''
    // The pretty message repeats the position and quotes the source: keep the first line only.
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new KnowledgeError(file, where, `YAML syntax error: ${message}`, { cause: error })
  }
  return doc.toJS()
}

/** `knowledge/boundary.yaml`: the folder's own name and the file, the way staff know it. */
function displayName(dir: string, fileName: string): string {
  return `${basename(dir)}/${fileName}`
}

/** `['matters', 3, 'shares', 0, 'department']` → `matters[3].shares[0].department` */
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment
    else out += `[${JSON.stringify(String(segment))}]`
  }
  return out
}

/** The first schema problem as [path, words for staff]; a missing field next to an unknown key is most likely a typo. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): [string, string] {
  const issue = issues[0]!
  const path = formatPath(issue.path)
  if (issue.code !== 'invalid_type' || !/ received undefined$/.test(issue.message)) return [path, issue.message]
  const parent = formatPath(issue.path.slice(0, -1))
  const unknown = issues.find((i) => i.code === 'unrecognized_keys' && formatPath(i.path) === parent)
  const keys = unknown?.code === 'unrecognized_keys' ? unknown.keys.map((k) => `"${k}"`).join(', ') : ''
  return [path, keys ? `required field is missing (unknown key ${keys} here: a typo?)` : 'required field is missing']
}

function checkUniqueIds(sections: Sections): Problem | undefined {
  const seen = new Map<string, { key: KnowledgeKey; path: readonly PathSegment[] }>()
  for (const key of Object.keys(KNOWLEDGE_FILES) as KnowledgeKey[]) {
    for (const { id, path } of collectIds(sections[key], [key])) {
      const first = seen.get(id)
      if (first) {
        const where = `${KNOWLEDGE_FILES[first.key][0]}: ${formatPath(first.path)}`
        return { key, path, message: `duplicate id "${id}" (first used at ${where})` }
      }
      seen.set(id, { key, path })
    }
  }
  return undefined
}

/** Every `id` of every record in a section, wherever it is nested: new files join the check without code. */
function* collectIds(value: unknown, path: PathSegment[]): Generator<{ id: string; path: PathSegment[] }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* collectIds(item, [...path, i])
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.id === 'string') yield { id: record.id, path: [...path, 'id'] }
    for (const [k, v] of Object.entries(record)) if (typeof v === 'object') yield* collectIds(v, [...path, k])
  }
}

function checkOneBureau({ departments }: Sections): Problem | undefined {
  const bureaus = departments.filter((d) => d.isBureau)
  if (bureaus.length === 1) return undefined
  const found = bureaus.length === 0 ? 'none has' : `${bureaus.map((d) => d.id).join(', ')} have`
  return { key: 'departments', path: ['departments'], message: `exactly one department must have isBureau: true; ${found}` }
}

function checkDepartmentNames({ departments }: Sections): Problem | undefined {
  const owners = new Map<string, string>()
  for (const [i, department] of departments.entries()) {
    const names: Array<[PathSegment[], string]> = [
      [['name'], department.name],
      ...department.aliases.map((alias, j): [PathSegment[], string] => [['aliases', j], alias]),
    ]
    for (const [path, name] of names) {
      const normal = normalizeName(name)
      const owner = owners.get(normal)
      if (owner !== undefined) {
        return {
          key: 'departments',
          path: ['departments', i, ...path],
          message: `"${name}" is already a name or alias of department "${owner}"`,
        }
      }
      owners.set(normal, department.id)
    }
  }
  return undefined
}

function checkShareDepartments({ departments, matters }: Sections): Problem | undefined {
  const ids = new Set(departments.map((d) => d.id))
  for (const [i, matter] of matters.entries()) {
    for (const [j, share] of matter.shares.entries()) {
      if (!ids.has(share.department)) {
        return {
          key: 'matters',
          path: ['matters', i, 'shares', j, 'department'],
          message: `unknown department "${share.department}" (known: ${[...ids].join(', ')})`,
        }
      }
    }
  }
  return undefined
}

/** A share's id is `<matter id>.<department id>` and a duty item's starts with `<duty id>.`, so an id says where it points. */
function checkChildIds({ matters, duties }: Sections): Problem | undefined {
  for (const [i, matter] of matters.entries()) {
    for (const [j, share] of matter.shares.entries()) {
      const expected = `${matter.id}.${share.department}`
      if (share.id !== expected) {
        return { key: 'matters', path: ['matters', i, 'shares', j, 'id'], message: `expected "${expected}", found "${share.id}"` }
      }
    }
  }
  for (const [i, duty] of duties.entries()) {
    for (const [j, item] of duty.items.entries()) {
      if (!item.id.startsWith(`${duty.id}.`)) {
        return { key: 'duties', path: ['duties', i, 'items', j, 'id'], message: `"${item.id}" should start with "${duty.id}."` }
      }
    }
  }
  return undefined
}

/** Every rule names known departments, citable entries, questions and lexicon facts. */
function checkRuleReferences(sections: Sections): Problem | undefined {
  const { departments, routing, questions, lexicon } = sections
  const departmentIds = new Set(departments.map((d) => d.id))
  const citable = new Set<string>()
  for (const { id } of collectIds(
    { d: sections.duties, m: sections.matters, r: sections.regimes, s: sections.services },
    [],
  )) {
    citable.add(id)
  }
  const questionIds = new Set(questions.map((q) => q.id))
  const facts = new Set(lexicon.entries.flatMap((e) => [e.fact, ...e.implies]))
  for (const [i, rule] of routing.rules.entries()) {
    const at = (...rest: PathSegment[]): PathSegment[] => ['rules', i, ...rest]
    for (const op of ['all', 'any', 'none'] as const) {
      for (const [j, fact] of rule.when[op].entries()) {
        if (!facts.has(fact)) return { key: 'routing', path: at('when', op, j), message: `no lexicon entry gives the fact "${fact}"` }
      }
    }
    if (rule.route) {
      const { department, coResponsible, matter, cite } = rule.route
      for (const [j, id] of [department, ...coResponsible].entries()) {
        if (!departmentIds.has(id)) {
          return { key: 'routing', path: j === 0 ? at('route', 'department') : at('route', 'coResponsible', j - 1), message: `unknown department "${id}"` }
        }
      }
      if (!citable.has(matter)) return { key: 'routing', path: at('route', 'matter'), message: `unknown knowledge id "${matter}"` }
      for (const [j, id] of cite.entries()) {
        if (!citable.has(id)) return { key: 'routing', path: at('route', 'cite', j), message: `unknown knowledge id "${id}"` }
      }
    }
    if (rule.ask && !questionIds.has(rule.ask.question)) {
      return { key: 'routing', path: at('ask', 'question'), message: `unknown question "${rule.ask.question}"` }
    }
  }
  if (!questionIds.has(routing.fallback.question)) {
    return { key: 'routing', path: ['fallback', 'question'], message: `unknown question "${routing.fallback.question}"` }
  }
  for (const [i, danger] of routing.dangers.entries()) {
    if (!facts.has(danger.fact)) return { key: 'routing', path: ['dangers', i, 'fact'], message: `no lexicon entry gives the fact "${danger.fact}"` }
  }
  for (const [i, question] of questions.entries()) {
    for (const [j, id] of question.cite.entries()) {
      if (!citable.has(id)) return { key: 'questions', path: ['questions', i, 'cite', j], message: `unknown knowledge id "${id}"` }
    }
  }
  return undefined
}

/** Lexicon patterns must compile: a broken regular expression is named at load, not at the first complaint. */
function checkLexiconPatterns({ lexicon }: Sections): Problem | undefined {
  for (const [i, pattern] of lexicon.ignorePatterns.entries()) {
    try {
      new RegExp(pattern, 'gu')
    } catch (error) {
      return { key: 'lexicon', path: ['ignorePatterns', i], message: `not a valid regular expression: ${(error as Error).message}` }
    }
  }
  for (const [i, entry] of lexicon.entries.entries()) {
    for (const [j, pattern] of entry.patterns.entries()) {
      try {
        new RegExp(pattern, 'gu')
      } catch (error) {
        return { key: 'lexicon', path: ['entries', i, 'patterns', j], message: `not a valid regular expression: ${(error as Error).message}` }
      }
    }
  }
  return undefined
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
