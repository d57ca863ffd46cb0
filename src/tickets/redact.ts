/**
 * Strips callers' phone numbers from JSON before it is written where it must
 * not be (routing logs): drops every key whose name contains "phone", and
 * replaces mobile numbers (1xx xxxx xxxx, optionally +86) and landlines with an
 * area code (0xxx-xxxxxxx) in strings with {@link PHONE_PLACEHOLDER}. Bare 7–8
 * digit numbers are kept: they are as often dates, amounts or the bureau's own
 * published number as a caller's.
 *
 * @example
 * redactPhoneNumbers({ text: '电话13912345678', callerPhone: '139…' }) // { text: '电话[电话]' }
 */
export function redactPhoneNumbers<T>(value: T): T {
  return redact(value) as T
}

export const PHONE_PLACEHOLDER = '[电话]'

/**
 * `JSON.stringify(redactPhoneNumbers(value))` in one pass, without building the
 * redacted copy first (for writing large decisions in bulk).
 *
 * @example
 * redactedJson({ text: '电话13912345678', callerPhone: '139…' }) // '{"text":"电话[电话]"}'
 */
export function redactedJson(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (/phone/i.test(key)) return undefined
    return typeof inner === 'string' ? redactString(inner) : inner
  })
}

/** Every number either pattern matches has three digits in a row; most strings have none. */
const THREE_DIGITS = /\d{3}/

function redactString(value: string): string {
  if (!THREE_DIGITS.test(value)) return value
  return value.replace(MOBILE, PHONE_PLACEHOLDER).replace(LANDLINE, PHONE_PLACEHOLDER)
}

const MOBILE = /(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g
const LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3})[-\s]?\d{7,8}(?!\d)/g

function redact(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value)
  if (Array.isArray(value)) return value.map(redact)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      if (/phone/i.test(key)) continue
      out[key] = redact(inner)
    }
    return out
  }
  return value
}
