import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseFString, PromptTemplate, type ParsedTemplateNode } from '@langchain/core/prompts'

/** `prompts/` at the repository root, resolved from this file. */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url))

/** Each template file and the placeholders it may use. */
export const PROMPT_FILES = {
  citizenDanger: { file: 'citizen-danger.txt', variables: ['call', 'advice'] },
  citizenRouted: {
    file: 'citizen-routed.txt',
    variables: ['department', 'matter', 'explanation', 'nextStep', 'coResponsible'],
  },
  citizenClarify: { file: 'citizen-clarify.txt', variables: ['question', 'suggestions'] },
  citizenOutOfScope: { file: 'citizen-out-of-scope.txt', variables: ['redirect', 'topic', 'explanation', 'nextStep'] },
  citizenTicket: { file: 'citizen-ticket.txt', variables: ['number', 'accessCode', 'department'] },
  operatorDanger: { file: 'operator-danger.txt', variables: ['call', 'advice'] },
  operatorRouted: {
    file: 'operator-routed.txt',
    variables: ['department', 'matter', 'explanation', 'nextStep', 'coResponsible'],
  },
  operatorClarify: { file: 'operator-clarify.txt', variables: ['question', 'suggestions'] },
  operatorOutOfScope: { file: 'operator-out-of-scope.txt', variables: ['redirect', 'topic', 'explanation', 'nextStep'] },
} as const

export type PromptName = keyof typeof PROMPT_FILES
type VariablesOf<N extends PromptName> = (typeof PROMPT_FILES)[N]['variables'][number]

/** Loaded templates; `render` is synchronous and pure. */
export type Prompts = {
  render<N extends PromptName>(name: N, values: Partial<Record<VariablesOf<N>, string>>): string
}

/** Raised at start-up when a template file is missing or uses an unknown placeholder. */
export class PromptError extends Error {
  override readonly name = 'PromptError'
}

/**
 * Reads every template of {@link PROMPT_FILES} from `dir` once and checks each
 * with `PromptTemplate` (f-string; literal braces are written `{{ }}`).
 *
 * @example
 * const prompts = loadPrompts()
 * prompts.render('citizenTicket', { number: '20261126-0007', accessCode: 'K7M2QX9A', department: '县质监局' })
 */
export function loadPrompts({ dir = DEFAULT_PROMPTS_DIR }: { dir?: string } = {}): Prompts {
  // Parsed once with LangChain's f-string parser; rendering walks the nodes (re-parsing per reply was ~3% of /api/route).
  const templates = new Map<PromptName, ParsedTemplateNode[]>()
  for (const [name, spec] of Object.entries(PROMPT_FILES) as [PromptName, (typeof PROMPT_FILES)[PromptName]][]) {
    const path = join(dir, spec.file)
    let text: string
    try {
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').trim()
    } catch (error) {
      throw new PromptError(`${path}: cannot read the template (${(error as Error).message})`)
    }
    let template: PromptTemplate
    try {
      template = PromptTemplate.fromTemplate(text)
    } catch (error) {
      throw new PromptError(`${path}: ${(error as Error).message} (write a literal brace as {{ or }})`)
    }
    const allowed = spec.variables as readonly string[]
    const unknown = template.inputVariables.filter((variable) => !allowed.includes(variable))
    if (unknown.length > 0) {
      throw new PromptError(`${path}: unknown placeholder ${unknown.map((v) => `{${v}}`).join(', ')}; allowed: ${allowed.join(', ')}`)
    }
    templates.set(name, parseFString(text))
  }
  return {
    render(name, values) {
      const template = templates.get(name)
      if (template === undefined) throw new Error(`prompt ${name} not loaded`)
      const given = values as Record<string, string | undefined>
      let out = ''
      for (const node of template) out += node.type === 'variable' ? (given[node.name] ?? '') : node.text
      return out.trim()
    },
  }
}
