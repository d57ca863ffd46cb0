import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError } from '../errors.ts'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/** Plain words for zod issues: `text: text is empty …; channel: Invalid option …`. */
function describe(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      if (issue.code === 'unrecognized_keys') return `${where} has unknown field(s): ${issue.keys.join(', ')}`
      return `${path === '' ? where : path}: ${issue.message}`
    })
    .join('; ')
}

/** Parses `value` with `schema` or throws `bad_request` saying what was wrong. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError('bad_request', describe(result.error, where))
  return result.data
}

/**
 * Reads a JSON body and validates it: 415 when the content type is not JSON,
 * 400 when the JSON is invalid or does not match `schema`.
 *
 * @example
 * const body = await readJson(c, ChatMessageBody)
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? ''
  if (!JSON_TYPE.test(type)) {
    throw new AppError('unsupported_media_type', 'send the body as JSON with the header Content-Type: application/json')
  }
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON')
  }
  return parseWith(schema, body, 'body')
}

/** Validates the query string (single values) with `schema`. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'query')
}
