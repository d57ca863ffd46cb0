/**
 * The pieces of a routing answer a citizen sees: the danger notice, the
 * department card, the out-of-scope card and the ticket box.
 */
import { copyText, h, withPhoneLinks } from './dom.ts'
import type { ApiCitation, ApiDecision, ApiTicketRef } from './types.ts'

/** How much of the legal basis the card quotes before "查看全文". */
const QUOTE_CHARS = 70

/** Big, red, first: what to do right now, with one-tap numbers. */
export function dangerNotice(danger: NonNullable<ApiDecision['danger']>): HTMLElement {
  return h(
    'div',
    { class: 'danger', role: 'alert', 'data-testid': 'danger' },
    h('p', { class: 'danger-title' }, '情况紧急，请先打电话求助'),
    h(
      'div',
      { class: 'danger-calls' },
      danger.call.map((n) => h('a', { class: 'danger-call', href: `tel:${n.replace(/[^\d]/g, '')}` }, `拨打 ${n}`)),
    ),
    h('p', { class: 'danger-advice' }, danger.advice),
  )
}

/** The engine's explanation without its technical "(识别到：…)" tail. */
export function plainExplanation(text: string): string {
  const tail = text.lastIndexOf('（识别到：')
  return (tail > 0 ? text.slice(0, tail) : text).trim()
}

function shortQuote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS)}…` : flat
}

function citationDetail(c: ApiCitation): HTMLElement {
  return h(
    'div',
    { class: 'cite' },
    c.title ? h('p', { class: 'cite-title' }, c.title) : null,
    h('p', { class: 'cite-text' }, c.text),
    c.legalBasis.length ? h('p', { class: 'cite-basis' }, h('b', null, '法律依据：'), c.legalBasis.join('；')) : null,
    c.case ? h('p', { class: 'cite-case' }, h('b', null, '案例：'), c.case) : null,
  )
}

/** The first phone number in a text, for the big call button. */
function firstPhone(text: string): string | null {
  return /\d{3,4}-\d{7,8}|\d{5,11}/.exec(text)?.[0] ?? null
}

/** The ticket number and access code, with a copy button and the way to check progress. */
export function ticketBox(ticket: ApiTicketRef): HTMLElement {
  const status = h('span', { class: 'copy-status', role: 'status' })
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary',
      'data-testid': 'ticket-copy',
      onclick: async () => {
        const ok = await copyText(`登记编号：${ticket.number}  查询码：${ticket.accessCode}`)
        status.textContent = ok ? '已复制' : '复制不了，请手动记下'
      },
    },
    '复制编号和查询码',
  )
  return h(
    'div',
    { class: 'ticket' },
    h('p', { class: 'ticket-lead' }, '已为您登记。请记下这两个号码，凭它们查询办理进度：'),
    h(
      'dl',
      { class: 'ticket-codes' },
      h('div', null, h('dt', null, '登记编号'), h('dd', { 'data-testid': 'ticket-number' }, ticket.number)),
      h('div', null, h('dt', null, '查询码'), h('dd', { 'data-testid': 'ticket-access-code' }, ticket.accessCode)),
    ),
    h(
      'div',
      { class: 'ticket-actions' },
      copy,
      h('a', { class: 'btn btn-link', href: `/status?number=${encodeURIComponent(ticket.number)}` }, '查询办理进度'),
    ),
    status,
  )
}

/** The answer card: who handles it, why, what to do next, and the ticket. */
export function routingCard(decision: ApiDecision, ticket: ApiTicketRef | null): HTMLElement {
  if (decision.kind === 'out_of_scope') return outOfScopeCard(decision, ticket)
  const main = decision.citations[0]
  const nextStep = decision.nextStep ?? ''
  const phone = firstPhone(nextStep)
  return h(
    'section',
    { class: 'card', 'data-testid': 'routing-card', 'aria-label': '处理部门' },
    h('p', { class: 'card-label' }, '这件事由这个部门处理'),
    h('p', { class: 'card-dept', 'data-testid': 'routing-department' }, decision.department ?? '—'),
    decision.coResponsible.length
      ? h('p', { class: 'card-co' }, `需要一起处理的部门：${decision.coResponsible.join('、')}`)
      : null,
    h('h3', { class: 'card-h' }, '为什么'),
    decision.matter ? h('p', { class: 'card-matter' }, `属于「${decision.matter}」这类事情。`) : null,
    h('p', null, plainExplanation(decision.explanation)),
    main ? h('blockquote', { class: 'quote' }, `依据：“${shortQuote(main.text)}”`) : null,
    decision.citations.length
      ? h(
          'details',
          { class: 'more' },
          h('summary', null, '查看依据全文和案例'),
          decision.citations.map(citationDetail),
        )
      : null,
    nextStep ? h('h3', { class: 'card-h' }, '下一步怎么办') : null,
    nextStep ? h('p', { class: 'card-next' }, withPhoneLinks(nextStep)) : null,
    phone ? h('a', { class: 'btn btn-call', href: `tel:${phone.replace(/[^\d]/g, '')}` }, `拨打 ${phone}`) : null,
    ticket ? ticketBox(ticket) : null,
  )
}

function outOfScopeCard(decision: ApiDecision, ticket: ApiTicketRef | null): HTMLElement {
  const redirect = decision.redirect ?? '12345'
  const phone = firstPhone(redirect) ?? '12345'
  return h(
    'section',
    { class: 'card card-out', 'data-testid': 'routing-card', 'aria-label': '不在受理范围' },
    h('p', { class: 'card-label' }, '这件事不归质监局和登记表里的部门管'),
    h('p', null, plainExplanation(decision.explanation)),
    decision.nextStep ? h('p', { class: 'card-next' }, withPhoneLinks(decision.nextStep)) : null,
    h('a', { class: 'btn btn-call', href: `tel:${phone}` }, `拨打 ${phone} 政务服务便民热线`),
    ticket ? ticketBox(ticket) : null,
  )
}
