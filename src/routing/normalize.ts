/**
 * Text clean-up before segmentation and rule matching. Pure string functions.
 *
 * Punctuation choice: full-width ASCII (U+FF01..U+FF5E) folds to half-width,
 * EXCEPT the punctuation that is ordinary in Chinese prose — ，！？；：（）.
 * Keeping them leaves a complaint readable as Chinese (it is shown back to staff
 * and to the model), and nothing downstream needs them folded: jieba drops
 * punctuation either way and {@link splitClauses} splits on both forms.
 * 。、“” and 《》 are outside that block and are kept as they are.
 */

/** Default cap on a complaint's length, in code points. */
export const DEFAULT_MAX_LENGTH = 2000

/** Full-width punctuation that stays full-width: ，！？；：（） */
const KEPT_FULL_WIDTH = new Set(['，', '！', '？', '；', '：', '（', '）'])

/** Zero-width characters. Removed before whitespace is handled, because `\s` counts U+FEFF as a space. */
const ZERO_WIDTH = /[\u180E\u200B-\u200D\u2060\uFEFF]/g

/** Line breaks, tabs and the Unicode spaces (NBSP, en/em spaces, U+3000 ...): each run becomes one ASCII space. */
const WHITESPACE_RUN = /[\s\u0085]+/gu

/** Control characters (C0, DEL, C1) and format characters (zero-width, bidi marks, BOM, soft hyphen). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu

/** A surrogate that is not half of a pair: not a character, so it is dropped. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g

/**
 * Cleans a complaint for matching: full-width ASCII to half-width (keeping
 * ，！？；：（）), U+3000 and every other space or line break to one space,
 * zero-width, control and format characters removed, ASCII letters lowercased,
 * trimmed, and capped at `maxLength` code points (default 2000) without
 * splitting a surrogate pair.
 *
 * Only A–Z are lowercased: other scripts are left alone so the result never
 * changes length under case mapping.
 *
 * @example
 * normalizeText('　ＩＰＨＯＮＥ１５  屏幕\u200b坏了！') // 'iphone15 屏幕坏了！'
 * normalizeText('电梯困人', { maxLength: 2 }) // '电梯'
 */
export function normalizeText(raw: string, opts: { maxLength?: number } = {}): string {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH
  if (!(maxLength === Number.POSITIVE_INFINITY || (Number.isInteger(maxLength) && maxLength >= 0))) {
    throw new RangeError(`maxLength must be a non-negative integer or Infinity, got ${maxLength}`)
  }

  const text = raw
    .replace(LONE_SURROGATE, '')
    .replace(ZERO_WIDTH, '')
    .replace(FULL_WIDTH_ASCII, (ch) => (KEPT_FULL_WIDTH.has(ch) ? ch : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)))
    // Whitespace first, so a tab or newline becomes a space before control characters are removed.
    .replace(WHITESPACE_RUN, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .replace(/[A-Z]+/g, (s) => s.toLowerCase())
    .trim()

  return capCodePoints(text, maxLength).trimEnd()
}

function capCodePoints(text: string, maxLength: number): string {
  // Code units never undercount code points, so short strings skip the walk.
  if (text.length <= maxLength) return text
  let units = 0
  let points = 0
  for (const ch of text) {
    if (points === maxLength) break
    units += ch.length
    points += 1
  }
  return text.slice(0, units)
}

/** Clause-ending punctuation in either width, plus line breaks and ellipses. */
const CLAUSE_BREAK = /[，。！？；;!?\n\r…]+/u
const HAN = /\p{Script=Han}/u

/**
 * Splits text into clauses, the scope of a negation such as 不是 or 没有:
 * on ，。！？；;,.!? and line breaks, and on spaces (any width) with a Chinese
 * character on each side (people type a space where they mean a comma). A `.` or `,` between
 * two digits (3.5公斤, 1,000元) does not split, nor does a `.` between ASCII
 * letters or digits (taobao.com, v1.2); 、 does not split either,
 * so an enumeration stays in one clause. Clauses are trimmed; empty ones dropped.
 *
 * @example
 * splitClauses('鞋子不是假的，但是掉底了 要求退货') // ['鞋子不是假的', '但是掉底了', '要求退货']
 * splitClauses('净含量少了0.5斤.') // ['净含量少了0.5斤']
 */
export function splitClauses(text: string): string[] {
  const marked = text
    .replace(/[.,]/g, (ch, offset: number, whole: string) => {
      const keep = ch === '.' ? isAlnum : isDigit
      return keep(whole[offset - 1]) && keep(whole[offset + 1]) ? ch : '\n'
    })
    .replace(/[^\S\n\r]+/gu, (spaces, offset: number, whole: string) =>
      isHan(whole, offset - 1, -1) && isHan(whole, offset + spaces.length, 1) ? '\n' : spaces,
    )
  return marked
    .split(CLAUSE_BREAK)
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0)
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9]$/.test(ch)
}

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9A-Za-z]$/.test(ch)
}

/** Whether the character at `index` is Han; `direction` says which half of a surrogate pair `index` may land on. */
function isHan(text: string, index: number, direction: 1 | -1): boolean {
  if (index < 0 || index >= text.length) return false
  const start = direction === -1 && isLowSurrogate(text.charCodeAt(index)) && index > 0 ? index - 1 : index
  const cp = text.codePointAt(start)
  return cp !== undefined && HAN.test(String.fromCodePoint(cp))
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
