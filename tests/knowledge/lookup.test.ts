import { describe, expect, it } from 'vitest'
import {
  DEFAULT_KNOWLEDGE_DIR,
  KnowledgeEntry,
  findDepartmentByName,
  getDepartment,
  getEntry,
  listEntries,
  loadKnowledge,
  type Knowledge,
} from '../../src/knowledge/index.ts'

const knowledge = loadKnowledge({ dir: DEFAULT_KNOWLEDGE_DIR })

describe('getDepartment', () => {
  it('returns the department with the id, or undefined', () => {
    expect(getDepartment(knowledge, 'food-drug')?.name).toBe('县食药监局')
    expect(getDepartment(knowledge, 'environment')).toBeUndefined()
  })
})

describe('findDepartmentByName', () => {
  it.each([
    ['县质监局', 'quality'],
    ['12365', 'quality'],
    ['质量技术监督局', 'quality'],
    ['定安质监局', 'quality'],
    ['12315', 'commerce'],
    ['１２３１５', 'commerce'],
    ['工商所', 'commerce'],
    [' 县食药监局 ', 'food-drug'],
    ['县食药\n监局', 'food-drug'],
    ['派出所', 'police'],
    ['安监局', 'work-safety'],
    ['农技站', 'agriculture'],
    ['路政', 'transport'],
    ['燃气办', 'housing'],
    ['发改委', 'development-reform'],
    ['工信局', 'industry-it'],
  ])('finds %j as %s', (name, id) => {
    expect(findDepartmentByName(knowledge, name)?.id).toBe(id)
  })

  it.each(['市场监管局', '消协', '环保局', ''])('finds no department for %j', (name) => {
    expect(findDepartmentByName(knowledge, name)).toBeUndefined()
  })
})

describe('getEntry', () => {
  it('titles a share with its matter and department and gives its responsibilities, legal basis and case', () => {
    const entry = getEntry(knowledge, 'boundary-03.commerce')
    expect(entry).toMatchObject({
      id: 'boundary-03.commerce',
      kind: 'share',
      title: '职责边界 第3项 申诉处理 · 县工商局',
      text: '受理流通领域产品质量投诉、举报和咨询。',
      legalBasis: [],
    })
    expect(entry?.case).toMatch(/^质监“12365”热线接到一个消费者投诉电话/)
  })

  it('joins the responsibilities of a share made of a row and its continuation row', () => {
    const entry = getEntry(knowledge, 'boundary-08.housing')
    expect(entry?.text).toBe('负责指导城市燃气等管理工作。\n负责燃气经营实行许可证制度。')
    expect(entry?.legalBasis?.[0]).toMatch(/^《海南省燃气管理条例》第十四条/)
  })

  it('gives a matter every department share, all legal bases once each, and a null case where the seed has none', () => {
    const entry = getEntry(knowledge, 'boundary-09')
    expect(entry?.kind).toBe('matter')
    expect(entry?.title).toBe('职责边界 第9项 长输、公用（油气）压力管道管理')
    expect(entry?.text.split('\n').map((line) => line.split('：')[0])).toEqual(['县质监局', '县工信局', '县发改委', '县住建局'])
    expect(entry?.legalBasis).toHaveLength(6)
    expect(entry?.case).toBeNull()
  })

  it('resolves duties, duty items, regimes, services and departments', () => {
    expect(getEntry(knowledge, 'duty-06')).toMatchObject({ kind: 'duty', title: '部门职责 第6项 计量监督管理' })
    expect(getEntry(knowledge, 'duty-06.4')).toMatchObject({
      kind: 'duty-item',
      title: '部门职责 第6项 计量监督管理 · 具体工作事项 4',
      text: '对检定结果提出异议的申诉安排仲裁检定，对因计量问题引起的纠纷开展调解。',
    })
    const regime = getEntry(knowledge, 'regime-11')
    expect(regime?.title).toBe('事中事后监管 第11项 定量包装商品计量监管')
    expect(regime?.text).toMatch(/^1、监督检查对象\n定量包装商品生产、销售企业和产品\n2、监督检查内容\n/)
    expect(getEntry(knowledge, 'service-2')).toMatchObject({ kind: 'service', title: '公共服务 第2项 世界计量日活动' })
    expect(getEntry(knowledge, 'quality')).toMatchObject({ kind: 'department', title: '县质监局', text: expect.stringContaining('63823756') })
  })

  it('returns undefined for an unknown id', () => {
    expect(getEntry(knowledge, 'boundary-13')).toBeUndefined()
  })

  it('returns frozen entries that satisfy the KnowledgeEntry schema', () => {
    const entry = getEntry(knowledge, 'boundary-01.quality')!
    expect(Object.isFrozen(entry)).toBe(true)
    expect(Object.isFrozen(entry.legalBasis)).toBe(true)
    for (const e of listEntries(knowledge)) expect(KnowledgeEntry.parse(e)).toEqual(e)
  })
})

describe('listEntries', () => {
  it('lists 133 entries: 10 departments, 14 duties with 54 items, 12 matters with 27 shares, 12 regimes, 4 services', () => {
    const kinds: Record<string, number> = {}
    for (const entry of listEntries(knowledge)) kinds[entry.kind] = (kinds[entry.kind] ?? 0) + 1
    expect(kinds).toEqual({ department: 10, duty: 14, 'duty-item': 54, matter: 12, share: 27, regime: 12, service: 4 })
  })
})

describe('lookups on a knowledge value not built by loadKnowledge', () => {
  it('index it on first use', () => {
    const fixture: Knowledge = { ...knowledge, departments: knowledge.departments.slice(0, 1) }
    expect(findDepartmentByName(fixture, '12315')).toBeUndefined()
    expect(getEntry(fixture, 'boundary-03.commerce')?.title).toBe('职责边界 第3项 申诉处理 · commerce')
  })
})
