import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge, type Knowledge } from '../../src/knowledge/load.ts'
import { normalizeText } from '../../src/routing/normalize.ts'
import { createSegmenter, DOMAIN_PHRASES, domainWordsFromKnowledge, type Segmenter } from '../../src/routing/segment.ts'

/** Colloquial and technical words the routing lexicon will add (jieba's default dictionary splits some). */
const COLLOQUIAL_WORDS = ['掉底', '加油机', '困人', '液化气瓶', '礼花弹', '开胶', '计价器', '过山车', '塔吊', '净含量']

// One jieba instance per file: building one reads the whole default dictionary (~100 ms).
let plain: Segmenter
let domain: Segmenter
beforeAll(() => {
  plain = createSegmenter({ words: [] })
  domain = createSegmenter({ words: COLLOQUIAL_WORDS })
})

describe('createSegmenter', () => {
  it('splits some colloquial words when they are not given as domain words', () => {
    expect(plain.cut('皮鞋掉底了')).toEqual(['皮鞋', '掉', '底', '了'])
    expect(plain.cut('电梯困人')).toEqual(['电梯', '困', '人'])
    expect(plain.cut('液化气瓶漏气')).not.toContain('液化气瓶')
  })

  it.each(COLLOQUIAL_WORDS)('keeps the domain word %s whole inside a sentence', (word) => {
    expect(domain.cut(`昨天那个${word}出了问题`)).toContain(word)
  })

  it('cuts a complaint into the expected words', () => {
    expect(domain.cut('商场买的皮鞋掉底了，电梯困人！')).toEqual(['商场', '买', '的', '皮鞋', '掉底', '了', '电梯', '困人'])
  })

  it('does not let a domain word swallow its neighbours', () => {
    // 困人 is a domain word; 被困人员 still reads as 被困 + 人员.
    expect(domain.cut('电梯里被困人员受伤')).toEqual(['电梯', '里', '被困', '人员', '受伤'])
  })

  it('keeps Latin brand names whole and lowercases them', () => {
    expect(domain.cut('我的iPhone屏幕坏了')).toEqual(['我', '的', 'iphone', '屏幕', '坏', '了'])
    expect(domain.cut('ABC牌 电饭煲')).toEqual(['abc', '牌', '电饭煲'])
  })

  it('drops whitespace and punctuation tokens', () => {
    expect(domain.cut(' 掉底！！ ，。“困人” ... ')).toEqual(['掉底', '困人'])
  })

  it('returns no tokens for empty text', () => {
    expect(domain.cut('')).toEqual([])
  })

  it('ignores words it cannot hold: blanks, punctuation, single characters', () => {
    const segmenter = createSegmenter({ words: ['', ' ', '鞋', '场（厂）内', '掉 底', 'ＡＢＣ'] })
    expect(segmenter.cut('皮鞋掉底')).toEqual(['皮鞋', '掉', '底'])
  })

  it('normalises domain words, so a full-width word matches normalised text', () => {
    const segmenter = createSegmenter({ words: ['３Ｃ认证'] })
    expect(segmenter.cut(normalizeText('没有３Ｃ认证'))).toContain('3c认证')
  })
})

describe('domainWordsFromKnowledge (real knowledge)', () => {
  let knowledge: Knowledge
  let words: string[]
  beforeAll(() => {
    knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })
    words = domainWordsFromKnowledge(knowledge)
  })

  it('includes the curated regulatory phrases', () => {
    for (const phrase of ['特种设备', '压力容器', '起重机械', '客运索道', '计量器具', '定量包装商品', '生产许可证', '地理标志', '商品条码', '强制性产品认证']) {
      expect(words).toContain(phrase)
    }
    expect(words).toEqual(expect.arrayContaining([...DOMAIN_PHRASES]))
  })

  it('mines department names without the 县 prefix, and their short Chinese aliases', () => {
    expect(words).toEqual(expect.arrayContaining(['住建局', '农业局', '食药监', '农技站', '派出所', '路政']))
    expect(words).not.toContain('县住建局')
    // Longer aliases are phrases jieba cuts better: 建设主管部门 → 建设 + 主管部门.
    expect(words).not.toContain('建设主管部门')
  })

  it('mines the cores of matter names, regime titles and service names', () => {
    expect(words).toEqual(expect.arrayContaining(['烟花爆竹', '农药', '气瓶', '压力管道', '质量月', '标准日']))
  })

  it('leaves out compounds of other domain words, so their parts still match', () => {
    for (const compound of ['地理标志产品', '工业产品生产许可证', '定量包装商品计量', '烟花爆竹监管', '燃气办', '运管所']) {
      expect(words).not.toContain(compound)
    }
  })

  it('is sorted and has no duplicates', () => {
    expect(words).toEqual([...new Set(words)].sort())
  })

  it('gives words that a segmenter built from them keeps whole', () => {
    const segmenter = createSegmenter({ words })
    const split = words.filter((word) => segmenter.cut(word).join('|') !== word)
    expect(split).toEqual([])
  })
})
