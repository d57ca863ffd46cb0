/**
 * Domain errors. They carry a `code` and never an HTTP status: `src/http/` maps
 * codes to statuses in one place, so verbs stay usable from the CLI and tests.
 */

/** Every code a domain error can carry. */
export type AppErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'

/**
 * An expected failure of a request, with a machine-readable code.
 *
 * @example
 * throw new AppError('conflict', 'ticket 20261126-0007 is already closed', { number: '20261126-0007' })
 */
export class AppError extends Error {
  override readonly name = 'AppError'
  readonly code: AppErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.details = details
  }
}

/** True when `error` is an {@link AppError}, optionally with the given code. */
export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code)
}

/** The part of a zod schema {@link parseInput} needs. */
type Parser<T> = {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } }
}
type Issue = { path: readonly PropertyKey[]; message: string }

/**
 * Parses a verb's input, turning a validation failure into a `bad_request`
 * {@link AppError} whose details list each issue as `path: message`.
 *
 * @example
 * const data = parseInput(CreateTicketInput, input) // first line of a verb
 */
export function parseInput<T>(schema: Parser<T>, input: unknown): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`)
  return failWith(issues)
}

function failWith(issues: string[]): never {
  throw new AppError('bad_request', `invalid input: ${issues.join('; ')}`, { issues })
}
