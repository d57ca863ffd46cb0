import { mkdtempSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROMPTS_DIR, loadPrompts, nextTurn, renderReply, toChatDecision } from '../../src/dialogue/index.ts'
import { testEngine } from '../http/deps.ts'

const engine = testEngine()
const prompts = loadPrompts()
const deps = { engine, prompts }

describe('nextTurn', () => {
  it('asks a clarifying question and keeps the turn when the department depends on a missing fact', () => {
    const out = nextTurn({ state: {}, text: '买的东西质量有问题' }, deps)
    expect(out.decision.kind).toBe('needs_clarification')
    expect(out.settled).toBe(false)
    expect(out.state.turns).toEqual(['买的东西质量有问题'])
    expect(out.reply).toContain('在商店或商场买的')
  })

  it('settles the complaint with the answer picked from the suggestions, routing all turns together', () => {
    const first = nextTurn({ state: {}, text: '买的东西质量有问题' }, deps)
    const second = nextTurn({ state: first.state, text: '在商店或商场买的' }, deps)
    expect(second.decision.kind).toBe('routed')
    expect(second.turns).toEqual(['买的东西质量有问题', '在商店或商场买的'])
    expect(second.reply).toContain('县工商局')
  })

  it('settles the complaint with a freely typed answer too', () => {
    const first = nextTurn({ state: {}, text: '买的东西质量有问题' }, deps)
    const second = nextTurn({ state: first.state, text: '是在超市买的' }, deps)
    expect(second.decision.kind).toBe('routed')
  })

  it('empties the turns once settled so the next message starts a new complaint', () => {
    const settled = nextTurn({ state: {}, text: '小区电梯困人了' }, deps)
    expect(settled.settled).toBe(true)
    expect(settled.state).toEqual({ turns: [], complaints: 1 })
    const next = nextTurn({ state: settled.state, text: '超市的秤不准' }, deps)
    expect(next.turns).toEqual(['超市的秤不准'])
  })

  it('puts the danger advice first in the reply when there is danger', () => {
    const out = nextTurn({ state: {}, text: '小区电梯困人了' }, deps)
    expect(out.reply.startsWith('⚠ 请立即拨打119')).toBe(true)
    expect(out.reply).toContain('您反映的问题由县质监局负责处理。')
  })

  it('treats out-of-scope complaints as settled and points to the redirect', () => {
    const out = nextTurn({ state: {}, text: '邻居噪音扰民' }, deps)
    expect(out.decision.kind).toBe('out_of_scope')
    expect(out.settled).toBe(true)
    expect(out.reply).toContain('12345')
  })

  it('starts afresh when the stored state does not parse', () => {
    const out = nextTurn({ state: { turns: 'garbage' }, text: '超市的秤不准' }, deps)
    expect(out.turns).toEqual(['超市的秤不准'])
  })

  it('keeps at most the last 20 turns of one complaint', () => {
    const state = { turns: Array.from({ length: 20 }, () => '嗯'), complaints: 0 }
    const out = nextTurn({ state, text: '买的东西质量有问题' }, deps)
    expect(out.turns).toHaveLength(20)
    expect(out.turns.at(-1)).toBe('买的东西质量有问题')
  })
})

describe('renderReply and toChatDecision', () => {
  it('renders an operator script with the danger first', () => {
    const out = nextTurn({ state: {}, text: '小区电梯困人了' }, deps)
    const script = renderReply(out.decision, prompts, 'operator')
    expect(script.indexOf('119')).toBeLessThan(script.indexOf('县质监局负责'))
  })

  it('carries the kind, full citations and next step in the chat decision', () => {
    const out = nextTurn({ state: {}, text: '超市的秤不准' }, deps)
    const view = toChatDecision('s1', out.decision)
    expect(view.kind).toBe('routed')
    expect(view.citations[0]).toHaveProperty('title')
    expect(view.citations[0]).toHaveProperty('legalBasis')
    expect(view.nextStep).toBeTruthy()
    expect(view.department).toBe('县质监局')
  })
})

describe('loadPrompts', () => {
  function copyPrompts(): string {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-'))
    cpSync(DEFAULT_PROMPTS_DIR, dir, { recursive: true })
    return dir
  }

  it('renders doubled braces as literal braces', () => {
    const dir = copyPrompts()
    writeFileSync(join(dir, 'citizen-ticket.txt'), '工单号 {{{number}}}')
    expect(loadPrompts({ dir }).render('citizenTicket', { number: '20261126-0001' })).toBe('工单号 {20261126-0001}')
  })

  it('refuses a template with an unknown placeholder, naming the file', () => {
    const dir = copyPrompts()
    writeFileSync(join(dir, 'citizen-ticket.txt'), '工单号 {ticketNo}')
    expect(() => loadPrompts({ dir })).toThrow(/citizen-ticket\.txt.*ticketNo/)
  })

  it('refuses a missing template file', () => {
    expect(() => loadPrompts({ dir: mkdtempSync(join(tmpdir(), 'empty-')) })).toThrow(/cannot read/)
  })
})
