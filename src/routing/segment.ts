import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import type { Knowledge } from '../knowledge/load.ts'
import { normalizeText } from './normalize.ts'

/** Cuts normalised text into words. One per process: building it costs ~100 ms (see {@link createSegmenter}). */
export type Segmenter = {
  /** Words in order, with whitespace and punctuation dropped and ASCII lowercased. */
  cut(text: string): string[]
}

/** The knowledge fields {@link domainWordsFromKnowledge} reads; a full {@link Knowledge} fits. */
export type KnowledgeNames = Pick<Knowledge, 'departments' | 'matters' | 'regimes' | 'services'>

/**
 * Dictionary frequency given to a domain word. High enough that 掉底, 困人,
 * 液化气瓶 … beat jieba's own split, low enough that a word does not swallow its
 * neighbours: at 20000, 困人 already turns 被困人员 into 被/困人/员.
 * A word that still comes out split is retried at ×10, then ×100 (see `loadWords`).
 */
export const DOMAIN_WORD_FREQUENCY = 2000

/**
 * Regulatory terms of the bureau's remit, each one concept. Compounds of two
 * listed terms are left out on purpose (游乐设施, not 大型游乐设施; 生产许可证, not
 * 工业产品生产许可证): a whole compound is one token, so a complaint that says
 * only 游乐设施 or 生产许可证 would match it only through BM25's weaker
 * contained-word match.
 */
export const DOMAIN_PHRASES: readonly string[] = [
  // 特种设备 and its classes
  '特种设备', '锅炉', '压力容器', '压力管道', '电梯', '起重机械', '客运索道', '游乐设施', '专用机动车',
  '气瓶', '充装', '安全监察', '建筑工地', '市政工程',
  // 计量
  '计量器具', '强制检定', '计量检定', '计量标准', '计量认证', '型式批准', '定量包装商品', '净含量', '量值溯源',
  '仲裁检定',
  // 标准化, 认证认可, 许可
  '标准化', '地方标准', '产品标准', '商品条码', '地理标志', '生产许可证', '强制性产品认证', '认证认可',
  '认证标志', '检验机构', '检验检测', '设备监理',
  // 产品质量
  '产品质量', '监督抽查', '假冒伪劣', '缺陷产品', '名牌产品', '流通领域', '生产领域', '生产环节',
  '质量争议', '执法打假',
  // the other departments' matters
  '危险化学品', '烟花爆竹', '农药', '超限', '超载', '改装', '拼装', '燃气', '液化石油气', '食品相关产品',
]

/** Generic endings stripped from a matter name, regime title or service name to get its core. */
const NAME_SUFFIXES = ['监督管理工作', '监督管理', '安全管理', '管理', '监管', '服务', '活动', '工作', '处理']

/** A mined name longer than this is a phrase (交通运输局, 建设主管部门), not a word: jieba cuts it better. */
const MAX_MINED_WORD_LENGTH = 4

/**
 * Builds a jieba segmenter: the default dictionary plus `words` at
 * {@link DOMAIN_WORD_FREQUENCY}, cut in precise mode with HMM on (so unseen
 * words like brand names still come out whole).
 *
 * Cost: ~80–130 ms at start-up (measured; up to ~200 ms on a busy machine),
 * almost all of it jieba reading its default dictionary: loading 1,700 domain
 * words adds about a millisecond. Build one at start-up and share it.
 *
 * Words are normalised like complaints ({@link normalizeText}); words with
 * anything but Chinese characters, ASCII letters and digits, and single
 * characters, are ignored (jieba's dictionary format cannot hold them usefully).
 *
 * @example
 * const segmenter = createSegmenter({ words: ['掉底', '困人'] })
 * segmenter.cut('皮鞋掉底，电梯困人！') // ['皮鞋', '掉底', '电梯', '困人']
 */
export function createSegmenter({ words }: { words: readonly string[] }): Segmenter {
  const jieba = Jieba.withDict(dict)
  loadWords(jieba, cleanWords(words))

  return {
    cut(text) {
      const tokens: string[] = []
      for (const token of jieba.cut(text, true)) {
        if (!WORD_CHARACTER.test(token)) continue
        tokens.push(token.replace(/[A-Z]+/g, (s) => s.toLowerCase()))
      }
      return tokens
    },
  }
}

/** A token with no letter and no digit is whitespace or punctuation. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u

const DICTIONARY_WORD = /^[\p{Script=Han}a-z0-9]{2,}$/u

function cleanWords(words: readonly string[]): string[] {
  const clean = new Set<string>()
  for (const word of words) {
    const normal = normalizeText(word, { maxLength: Number.POSITIVE_INFINITY })
    if (DICTIONARY_WORD.test(normal)) clean.add(normal)
  }
  return [...clean]
}

function loadWords(jieba: Jieba, words: readonly string[]): void {
  if (words.length === 0) return
  jieba.loadDict(Buffer.from(words.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY} n`).join('\n')))
  // A few words lose to a very common split even at the base frequency; raise only those.
  for (const boost of [10, 100]) {
    const split = words.filter((w) => !isWhole(jieba, w))
    if (split.length === 0) return
    jieba.loadDict(Buffer.from(split.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY * boost} n`).join('\n')))
  }
}

function isWhole(jieba: Jieba, word: string): boolean {
  const tokens = jieba.cut(word, true)
  return tokens.length === 1 && tokens[0] === word
}

/**
 * A starter list of domain words for {@link createSegmenter}: {@link DOMAIN_PHRASES},
 * the departments' names without the 县 prefix (工商局) and their Chinese aliases,
 * and the cores of matter names, regime titles and service names with generic
 * endings stripped (烟花爆竹监管 → 烟花爆竹, 商品条码服务 → 商品条码).
 *
 * A mined word is kept only if it has at most four characters and contains no other listed word,
 * so compounds such as 地理标志产品 or 工业产品生产许可证 stay split into their
 * parts. Sorted and without duplicates; the caller adds its lexicon on top.
 *
 * @example
 * domainWordsFromKnowledge(knowledge).includes('烟花爆竹') // true
 * domainWordsFromKnowledge(knowledge).includes('地理标志产品') // false: 地理标志 + 产品
 */
export function domainWordsFromKnowledge(k: KnowledgeNames): string[] {
  const mined = new Set<string>()
  for (const department of k.departments) {
    for (const name of [department.name.replace(/^县/u, ''), ...department.aliases]) mined.add(name)
  }
  const names = [...k.matters.map((m) => m.name), ...k.regimes.map((r) => r.title), ...k.services.map((s) => s.name)]
  for (const name of names) for (const core of nameCores(name)) mined.add(core)

  const curated = new Set(DOMAIN_PHRASES)
  const all = [...curated, ...mined].filter((w) => DICTIONARY_WORD.test(w))
  const isCompound = (word: string) => all.some((other) => other !== word && other.length < word.length && word.includes(other))
  const kept = all.filter((w) => curated.has(w) || (w.length <= MAX_MINED_WORD_LENGTH && !isCompound(w)))
  return [...new Set(kept)].sort()
}

/** `长输、公用（油气）压力管道管理` → 长输, 公用, 油气, 压力管道 */
function nameCores(name: string): string[] {
  return name
    .split(/[^\p{Script=Han}]+|的|与|用/u)
    .map(stripSuffixes)
    .filter((core) => core.length >= 2 && !NAME_SUFFIXES.includes(core))
}

function stripSuffixes(fragment: string): string {
  let core = fragment
  for (let changed = true; changed; ) {
    changed = false
    for (const suffix of NAME_SUFFIXES) {
      if (core.length > suffix.length && core.endsWith(suffix)) {
        core = core.slice(0, -suffix.length)
        changed = true
      }
    }
  }
  return core
}
