import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_LENGTH, normalizeText, splitClauses } from '../../src/routing/normalize.ts'

describe('normalizeText', () => {
  it.each([
    ['full-width letters and digits', 'ＩＰＨＯＮＥ１５坏了', 'iphone15坏了'],
    ['full-width symbols', '＃１２３＠＋－％', '#123@+-%'],
    ['the ideographic space U+3000', '电梯　困人', '电梯 困人'],
    ['tabs, line breaks and no-break spaces', '皮鞋\t掉底\r\n\n要求\u00a0退货', '皮鞋 掉底 要求 退货'],
  ])('folds %s to half-width ASCII', (_what, raw, expected) => {
    expect(normalizeText(raw)).toBe(expected)
  })

  it('keeps the punctuation of Chinese prose as it is', () => {
    expect(normalizeText('价格：１２元，（含税）对吗？不对！；。、“”《》')).toBe('价格：12元，（含税）对吗？不对！；。、“”《》')
  })

  it('removes zero-width, control and bidi characters without leaving a gap', () => {
    expect(normalizeText('屏\u200b幕\u200c坏\u200d了\u2060\ufeff\u0007\u202e！')).toBe('屏幕坏了！')
  })

  it('collapses runs of whitespace to one space and trims the ends', () => {
    expect(normalizeText('  \n 加油机   \u3000\u3000 计量不准 \t ')).toBe('加油机 计量不准')
  })

  it('lowercases ASCII letters and leaves Chinese alone', () => {
    expect(normalizeText('我的iPhone和ABC牌电饭煲')).toBe('我的iphone和abc牌电饭煲')
  })

  it('caps the text at 2000 code points by default', () => {
    expect(DEFAULT_MAX_LENGTH).toBe(2000)
    expect([...normalizeText('质'.repeat(2500))]).toHaveLength(2000)
  })

  it('counts code points, not UTF-16 units, and never splits a surrogate pair', () => {
    const capped = normalizeText('𠮷𠮷𠮷', { maxLength: 2 })
    expect(capped).toBe('𠮷𠮷')
    expect(normalizeText('a😀b', { maxLength: 2 })).toBe('a😀')
  })

  it('drops a trailing space left by the cap', () => {
    expect(normalizeText('电梯 困人', { maxLength: 3 })).toBe('电梯')
  })

  it('drops lone surrogates, which are not characters', () => {
    expect(normalizeText('电\ud800梯\udc00')).toBe('电梯')
  })

  it('returns an empty string for blank or invisible input', () => {
    expect(normalizeText(' \u3000\u200b\n')).toBe('')
  })

  it('accepts Infinity as maxLength and rejects a negative or fractional one', () => {
    expect(normalizeText('质'.repeat(2500), { maxLength: Number.POSITIVE_INFINITY })).toHaveLength(2500)
    expect(() => normalizeText('x', { maxLength: -1 })).toThrow(RangeError)
    expect(() => normalizeText('x', { maxLength: 1.5 })).toThrow(RangeError)
  })

  it('is idempotent', () => {
    const once = normalizeText('　ＩＰＨＯＮＥ  屏幕\u200b坏了！ 要求退货。')
    expect(normalizeText(once)).toBe(once)
  })
})

describe('splitClauses', () => {
  it('splits on Chinese and ASCII clause punctuation and line breaks', () => {
    expect(splitClauses('一，二。三！四？五；六;七!八?九\n十')).toEqual(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
  })

  it('splits on a space between two Chinese characters', () => {
    expect(splitClauses('鞋子不是假的 但是掉底了')).toEqual(['鞋子不是假的', '但是掉底了'])
  })

  it('keeps a space that has Latin text on either side inside the clause', () => {
    expect(splitClauses('买的iphone 15 pro屏幕坏了')).toEqual(['买的iphone 15 pro屏幕坏了'])
  })

  it('does not split decimals, thousands separators or domain names', () => {
    expect(splitClauses('少了0.5斤,花了1,000元.在taobao.com买的')).toEqual(['少了0.5斤', '花了1,000元', '在taobao.com买的'])
  })

  it('keeps an enumeration with 、 in one clause, so a negation covers all of it', () => {
    expect(splitClauses('没有合格证、说明书，还漏电')).toEqual(['没有合格证、说明书', '还漏电'])
  })

  it('drops empty clauses from repeated punctuation and ellipses', () => {
    expect(splitClauses('！！电梯困人……快来。。')).toEqual(['电梯困人', '快来'])
  })

  it('returns no clauses for empty text', () => {
    expect(splitClauses('')).toEqual([])
  })

  it('splits the output of normalizeText the same way as the raw text', () => {
    const raw = '皮鞋掉底了！\n要求退货　商场不理'
    expect(splitClauses(normalizeText(raw))).toEqual(splitClauses(raw))
  })
})
