/**
 * The operator console (`/console`): log in with a token, get a suggestion for
 * what the caller says, confirm or override it into a ticket, and work the ticket list.
 * Views are switched by the URL hash: `#/intake`, `#/tickets`, `#/tickets/<number>`.
 */
import { ApiError, api, describeError } from './api.ts'
import { byId, formatTime, h, replace } from './dom.ts'
import {
  LoggedOutError,
  UNAUTHORIZED_MESSAGE,
  getToken,
  newIdempotencyKey,
  operatorApi,
  setToken,
  takeLoginNotice,
} from './operator.ts'
import {
  CHANNEL_LABELS,
  decisionView,
  statusLabel,
  type ApiCitation,
  type ApiDecision,
  type ApiRouteAnswer,
  type ApiTicket,
  type ApiTicketEvent,
  type ApiTicketList,
} from './types.ts'

const EVENT_LABELS: Record<string, string> = {
  created: '立单',
  routed: '分派',
  overridden: '人工改派',
  rerouted: '重新分派',
  transferred: '转办',
  closed: '办结',
}

// ---- departments, from the <template> the server renders out of knowledge/departments.yaml ----
const departments: { id: string; name: string }[] = Array.from(
  byId<HTMLTemplateElement>('department-options').content.querySelectorAll('option'),
).map((o) => ({ id: o.value, name: o.textContent ?? o.value }))
const departmentId = (idOrName: string | null | undefined): string | undefined =>
  departments.find((d) => d.id === idOrName || d.name === idOrName)?.id

function departmentSelect(attrs: Record<string, string | boolean>, placeholder: string): HTMLSelectElement {
  return h(
    'select',
    attrs,
    h('option', { value: '' }, placeholder),
    departments.map((d) => h('option', { value: d.id }, d.name)),
  )
}

// ---- views ----
const views = {
  login: byId('login-view'),
  intake: byId('intake-view'),
  tickets: byId('tickets-view'),
  ticket: byId('ticket-view'),
}
const nav = byId('nav')

function show(view: keyof typeof views): void {
  for (const [name, el] of Object.entries(views)) el.hidden = name !== view
  nav.hidden = view === 'login'
  nav.querySelectorAll<HTMLAnchorElement>('a[data-view]').forEach((a) => {
    if (a.dataset.view === (view === 'ticket' ? 'tickets' : view)) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  })
}

function handleError(error: unknown, where: HTMLElement): void {
  if (error instanceof LoggedOutError) {
    showLogin(UNAUTHORIZED_MESSAGE)
    return
  }
  replace(where, h('p', { class: 'error', role: 'alert' }, describeError(error, { detail: true })))
}

// ---- login ----
const loginForm = byId<HTMLFormElement>('login-form')
const tokenInput = byId<HTMLInputElement>('token')
const loginMessage = byId('login-message')

function showLogin(message: string | null): void {
  setToken(null)
  loginMessage.textContent = message ?? ''
  show('login')
  tokenInput.value = ''
  tokenInput.focus()
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  const token = tokenInput.value.trim()
  if (!token) {
    loginMessage.textContent = '请输入访问令牌。'
    return
  }
  loginMessage.textContent = '正在验证…'
  try {
    await api('/api/tickets?pageSize=1', { token })
    setToken(token)
    loginMessage.textContent = ''
    tokenInput.value = ''
    route()
  } catch (error) {
    loginMessage.textContent =
      error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? '令牌不正确，请重新输入。'
        : describeError(error, { detail: true })
  }
})

byId('logout').addEventListener('click', () => showLogin('已退出。'))

// ---- intake: text → suggestion → ticket ----
const suggestForm = byId<HTMLFormElement>('suggest-form')
const complaintInput = byId<HTMLTextAreaElement>('console-input')
const suggestButton = byId<HTMLButtonElement>('console-suggest')
const suggestionBox = byId('suggestion')
const evidenceBox = byId('evidence')

suggestForm.addEventListener('submit', (event) => {
  event.preventDefault()
  void suggest()
})
suggestForm.addEventListener('reset', () => {
  replace(suggestionBox)
  replace(evidenceBox, h('p', { class: 'muted' }, '获取建议后，这里显示依据：边界登记表、法律依据和案例。'))
  complaintInput.focus()
})
complaintInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault()
    void suggest()
  }
})

async function suggest(): Promise<void> {
  const text = complaintInput.value.trim()
  if (!text) {
    replace(suggestionBox, h('p', { class: 'error', role: 'alert' }, '请先输入来电人反映的问题。'))
    complaintInput.focus()
    return
  }
  suggestButton.disabled = true
  replace(suggestionBox, h('p', { class: 'muted' }, '正在分析…'))
  try {
    const answer = await operatorApi<ApiRouteAnswer>('/api/route', { body: { text } })
    const decision = decisionView(answer)
    renderSuggestion(text, decision, answer.script || null)
    renderEvidence(decision)
  } catch (error) {
    handleError(error, suggestionBox)
  } finally {
    suggestButton.disabled = false
  }
}

function fallbackScript(d: ApiDecision): string {
  if (d.kind === 'routed') {
    return `您反映的问题属于“${d.matter ?? ''}”，由${d.department ?? ''}负责处理。${d.nextStep ?? ''}`
  }
  if (d.kind === 'out_of_scope') return `您反映的问题不在我们和相关部门的职责范围内，${d.nextStep ?? '请拨打12345政务服务便民热线。'}`
  return d.question ?? ''
}

function renderSuggestion(text: string, d: ApiDecision, script: string | null): void {
  // One key per suggestion: a double click or a retry files one ticket, not two.
  const idempotencyKey = newIdempotencyKey()
  const suggestedId = d.departmentId ?? departmentId(d.department) ?? null
  const result = h('div', { class: 'ticket-result', 'aria-live': 'polite' })
  const confidence = Math.round((d.confidence ?? 0) * 100)

  const head =
    d.kind === 'routed'
      ? h(
          'div',
          { class: 'sugg-head' },
          h('span', { class: 'sugg-label' }, '建议部门'),
          h('strong', { class: 'sugg-dept', 'data-testid': 'console-department' }, d.department ?? '—'),
          h('span', { class: 'sugg-conf' }, h('meter', { min: 0, max: 100, low: 50, high: 75, optimum: 100, value: confidence }), ` 置信度 ${confidence}%`),
        )
      : d.kind === 'out_of_scope'
        ? h(
            'div',
            { class: 'sugg-head sugg-out' },
            h('span', { class: 'sugg-label' }, '不在受理范围'),
            h('strong', { class: 'sugg-dept', 'data-testid': 'console-department' }, `转 ${d.redirect ?? '12345'}`),
            h('span', { class: 'sugg-conf' }, ` 置信度 ${confidence}%`),
          )
        : h(
            'div',
            { class: 'sugg-head sugg-ask' },
            h('span', { class: 'sugg-label' }, '需要追问'),
            h('strong', { class: 'sugg-dept', 'data-testid': 'console-department' }, '待定'),
            h('span', { class: 'sugg-conf' }, ` 置信度 ${confidence}%`),
          )

  const ask =
    d.kind === 'needs_clarification'
      ? h(
          'div',
          { class: 'ask' },
          h('p', null, h('b', null, '请问来电人：'), d.question ?? ''),
          h(
            'div',
            { class: 'ask-options' },
            d.suggestions.map((label) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  onclick: () => {
                    complaintInput.value = `${complaintInput.value.trim()}\n${label}`
                    void suggest()
                  },
                },
                label,
              ),
            ),
          ),
          h('p', { class: 'muted' }, '点选回答会补进上面的内容并重新分析；也可以直接改写上面的内容。'),
        )
      : null

  const callerName = h('input', { id: 'caller-name', name: 'callerName', autocomplete: 'off', maxlength: 100 })
  const callerPhone = h('input', { id: 'caller-phone', name: 'callerPhone', type: 'tel', autocomplete: 'off', maxlength: 40 })
  const overrideSelect = departmentSelect({ id: 'override-department', 'data-testid': 'console-override-department' }, '改派到…')
  const reason = h('input', {
    id: 'override-reason',
    'data-testid': 'console-override-reason',
    maxlength: 2000,
    placeholder: suggestedId === null ? '说明（可选）' : '改派理由（必填）',
  })
  const confirm = h(
    'button',
    { type: 'button', class: 'btn btn-primary', 'data-testid': 'console-confirm', disabled: d.kind === 'needs_clarification' },
    d.kind === 'routed' ? `确认并立单：${d.department}` : d.kind === 'out_of_scope' ? '确认（转12345）并立单' : '先追问，再确认',
  )
  const override = h(
    'button',
    { type: 'button', class: 'btn', 'data-testid': 'console-override' },
    suggestedId === null ? '指定部门并立单' : '改派并立单',
  )
  const buttons = [confirm, override]

  async function file(department: string | null, overrideReason: string | null): Promise<void> {
    for (const b of buttons) b.disabled = true
    replace(result, h('p', { class: 'muted' }, '正在立单…'))
    try {
      const body: Record<string, unknown> = { text, channel: 'hotline' }
      if (callerName.value.trim()) body.callerName = callerName.value.trim()
      if (callerPhone.value.trim()) body.callerPhone = callerPhone.value.trim()
      if (department) body.department = department
      if (overrideReason) body.reason = overrideReason
      const ticket = await operatorApi<ApiTicket>('/api/tickets', {
        body,
        headers: { 'Idempotency-Key': idempotencyKey },
      })
      replace(
        result,
        h(
          'div',
          { class: 'created', role: 'status' },
          h('span', null, '已立单 '),
          h('a', { href: `#/tickets/${encodeURIComponent(ticket.number)}`, 'data-testid': 'console-ticket-number' }, ticket.number),
          h('span', null, ` 查询码 ${ticket.accessCode}`),
          h('span', null, ` → ${ticket.department?.name ?? '—'}`),
        ),
      )
    } catch (error) {
      for (const b of buttons) b.disabled = false
      if (d.kind === 'needs_clarification') confirm.disabled = true
      handleError(error, result)
    }
  }

  confirm.addEventListener('click', () => void file(null, null))
  override.addEventListener('click', () => {
    const chosen = overrideSelect.value
    const why = reason.value.trim()
    if (!chosen) {
      replace(result, h('p', { class: 'error', role: 'alert' }, '请选择改派的部门。'))
      overrideSelect.focus()
      return
    }
    // Only going against a suggestion needs a reason (as the API requires).
    if (!why && suggestedId !== null && chosen !== suggestedId) {
      replace(result, h('p', { class: 'error', role: 'alert' }, '改派需要填写理由。'))
      reason.focus()
      return
    }
    void file(chosen, why || null)
  })

  replace(
    suggestionBox,
    d.danger
      ? h(
          'div',
          { class: 'danger', role: 'alert' },
          h('b', null, `紧急：请来电人立即拨打 ${d.danger.call.join(' / ')}`),
          h('p', null, d.danger.advice),
        )
      : null,
    head,
    h(
      'dl',
      { class: 'facts' },
      d.matter ? h('div', null, h('dt', null, '事项'), h('dd', null, d.matter)) : null,
      d.coResponsible.length ? h('div', null, h('dt', null, '协同'), h('dd', null, d.coResponsible.join('、'))) : null,
      h('div', null, h('dt', null, '理由'), h('dd', null, d.explanation)),
    ),
    ask,
    h('div', { class: 'script' }, h('h3', null, '答复口径（念给来电人）'), h('p', { 'data-testid': 'console-script' }, script ?? fallbackScript(d))),
    h(
      'div',
      { class: 'ticket-form' },
      h('div', { class: 'row' },
        h('label', { for: 'caller-name' }, '来电人姓名', callerName),
        h('label', { for: 'caller-phone' }, '来电电话', callerPhone),
      ),
      h('div', { class: 'row' }, confirm),
      h('fieldset', { class: 'override' }, h('legend', null, suggestedId === null ? '直接指定部门' : '不同意建议？改派'), h('div', { class: 'row' }, overrideSelect, reason, override)),
      result,
    ),
  )
}

function citationBlock(c: ApiCitation): HTMLElement {
  return h(
    'article',
    { class: 'cite' },
    h('h4', null, c.title),
    h('p', { class: 'cite-text' }, c.text),
    c.legalBasis.length ? h('p', { class: 'cite-basis' }, h('b', null, '法律依据：'), c.legalBasis.join('；')) : null,
    c.case ? h('p', { class: 'cite-case' }, h('b', null, '案例：'), c.case) : null,
  )
}

function renderEvidence(d: ApiDecision): void {
  const boundary = d.citations.filter((c) => c.kind === 'share' || c.kind === 'matter' || c.id.startsWith('boundary-'))
  const others = d.citations.filter((c) => !boundary.includes(c))
  replace(
    evidenceBox,
    h('h2', null, '依据'),
    boundary.length ? [h('h3', null, '职责边界登记表'), boundary.map(citationBlock)] : null,
    others.length ? [h('h3', null, '职责与监管依据'), others.map(citationBlock)] : null,
    d.citations.length ? null : h('p', { class: 'muted' }, '没有引用条目。'),
    d.facts?.length
      ? [
          h('h3', null, '识别到的情况'),
          h('ul', { class: 'fact-list' }, d.facts.map((f) => h('li', null, f.label, '：', h('mark', null, f.terms.join('、'))))),
        ]
      : null,
    d.mentionedDepartments?.length
      ? h('p', { class: 'muted' }, `来电人提到的部门（仅供参考，不作为依据）：${d.mentionedDepartments.join('、')}`)
      : null,
    d.firedRules?.length ? h('p', { class: 'rules' }, '命中规则：', h('code', null, d.firedRules.join(', '))) : null,
  )
}

// ---- ticket list ----
const filterForm = byId<HTMLFormElement>('filters')
const ticketList = byId('ticket-list')
const pager = byId('pager')
let page = 1
const PAGE_SIZE = 20

filterForm.addEventListener('submit', (event) => {
  event.preventDefault()
  page = 1
  void loadTickets()
})
filterForm.addEventListener('reset', () => {
  setTimeout(() => {
    page = 1
    void loadTickets()
  })
})

async function loadTickets(): Promise<void> {
  const params = new URLSearchParams()
  new FormData(filterForm).forEach((value, key) => {
    if (typeof value === 'string' && value.trim()) params.set(key, value.trim())
  })
  params.set('page', String(page))
  params.set('pageSize', String(PAGE_SIZE))
  replace(ticketList, h('p', { class: 'muted' }, '正在加载…'))
  try {
    const result = await operatorApi<ApiTicketList>(`/api/tickets?${params}`)
    renderTickets(result)
  } catch (error) {
    handleError(error, ticketList)
  }
}

function renderTickets(result: ApiTicketList): void {
  if (!result.items.length) {
    replace(ticketList, h('p', { class: 'muted' }, '没有符合条件的工单。'))
    replace(pager)
    return
  }
  replace(
    ticketList,
    h(
      'table',
      { class: 'tickets' },
      h('thead', null, h('tr', null, ['编号', '时间', '渠道', '部门', '事项', '状态', '内容'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        result.items.map((t) =>
          h(
            'tr',
            { 'data-testid': 'ticket-row' },
            h('td', null, h('a', { href: `#/tickets/${encodeURIComponent(t.number)}` }, t.number)),
            h('td', null, formatTime(t.createdAt)),
            h('td', null, CHANNEL_LABELS[t.channel] ?? t.channel),
            h('td', null, t.department?.name ?? '—', t.overridden ? h('span', { class: 'tag', title: '人工改派' }, '改') : null),
            h('td', null, t.matter?.name ?? ''),
            h('td', null, h('span', { class: `status-badge status-${t.status}` }, statusLabel(t.status))),
            h('td', { class: 'excerpt' }, t.complaint.length > 60 ? `${t.complaint.slice(0, 60)}…` : t.complaint),
          ),
        ),
      ),
    ),
  )
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize))
  replace(
    pager,
    h('button', { type: 'button', class: 'btn btn-small', disabled: page <= 1, onclick: () => { page--; void loadTickets() } }, '上一页'),
    h('span', null, ` 第 ${result.page} / ${pages} 页，共 ${result.total} 件 `),
    h('button', { type: 'button', class: 'btn btn-small', disabled: page >= pages, onclick: () => { page++; void loadTickets() } }, '下一页'),
  )
}

// ---- ticket detail ----
async function loadTicket(number: string): Promise<void> {
  const box = views.ticket
  replace(box, h('p', { class: 'muted' }, '正在加载…'))
  try {
    const ticket = await operatorApi<ApiTicket>(`/api/tickets/${encodeURIComponent(number)}`)
    renderTicket(ticket)
  } catch (error) {
    handleError(error, box)
  }
}

function eventLine(e: ApiTicketEvent): HTMLElement {
  const from = e.fromDepartment?.name
  const to = e.toDepartment?.name
  return h(
    'li',
    { class: `event event-${e.kind}`, 'data-testid': 'ticket-event' },
    h('span', { class: 'event-time' }, formatTime(e.createdAt)),
    h('b', { class: 'event-kind' }, EVENT_LABELS[e.kind] ?? e.kind),
    to || from ? h('span', null, from && to && from !== to ? `${from} → ${to}` : (to ?? from ?? '')) : null,
    e.toStatus && e.toStatus !== e.fromStatus ? h('span', { class: `status-badge status-${e.toStatus}` }, statusLabel(e.toStatus)) : null,
    e.actor ? h('span', { class: 'muted' }, e.actor) : null,
    e.reason ? h('p', { class: 'event-reason' }, `理由：${e.reason}`) : null,
  )
}

function renderTicket(t: ApiTicket): void {
  const kind = h(
    'select',
    { id: 'event-kind', required: true },
    h('option', { value: 'reroute' }, '重新分派'),
    h('option', { value: 'transfer' }, '转办'),
    h('option', { value: 'close' }, '办结'),
  )
  const dept = departmentSelect({ id: 'event-department' }, '选择部门')
  const reason = h('input', { id: 'event-reason', required: true, maxlength: 2000, placeholder: '理由（必填）' })
  const message = h('p', { role: 'status' })
  const closed = t.status === 'closed'
  kind.addEventListener('change', () => {
    dept.disabled = kind.value === 'close'
  })
  const form = h(
    'form',
    { class: 'event-form row' },
    h('label', { for: 'event-kind' }, '操作', kind),
    h('label', { for: 'event-department' }, '部门', dept),
    h('label', { for: 'event-reason', class: 'grow' }, '理由', reason),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '提交'),
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (kind.value === 'reroute' && !dept.value) {
      message.textContent = '重新分派需要选择部门。'
      return
    }
    const body: Record<string, string> = { kind: kind.value, reason: reason.value.trim() }
    if (dept.value && kind.value !== 'close') body.department = dept.value
    try {
      await operatorApi(`/api/tickets/${encodeURIComponent(t.number)}/events`, { body })
      await loadTicket(t.number)
    } catch (error) {
      handleError(error, message)
    }
  })
  replace(
    views.ticket,
    h('p', null, h('a', { href: '#/tickets' }, '← 返回工单列表')),
    h('h2', null, `工单 ${t.number} `, h('span', { class: `status-badge status-${t.status}` }, statusLabel(t.status))),
    h(
      'div',
      { class: 'cols' },
      h(
        'section',
        null,
        h(
          'dl',
          { class: 'facts' },
          h('div', null, h('dt', null, '部门'), h('dd', { 'data-testid': 'ticket-department' }, t.department?.name ?? '—')),
          h(
            'div',
            null,
            h('dt', null, '系统建议'),
            h('dd', null, t.suggestedDepartment?.name ?? '—', t.overridden ? '（已人工改派）' : ''),
          ),
          h('div', null, h('dt', null, '事项'), h('dd', null, t.matter?.name ?? '—')),
          h('div', null, h('dt', null, '查询码'), h('dd', null, t.accessCode)),
          h('div', null, h('dt', null, '渠道'), h('dd', null, CHANNEL_LABELS[t.channel] ?? t.channel)),
          h('div', null, h('dt', null, '来电人'), h('dd', null, [t.callerName, t.callerPhone].filter(Boolean).join(' ') || '—')),
          h('div', null, h('dt', null, '立单时间'), h('dd', null, formatTime(t.createdAt))),
        ),
        h('h3', null, '投诉内容'),
        h('p', { class: 'complaint', 'data-testid': 'ticket-complaint' }, t.complaint),
        closed ? h('p', { class: 'muted' }, '工单已办结。') : [h('h3', null, '处理'), form, message],
      ),
      h('section', null, h('h3', null, '处理记录'), h('ol', { class: 'timeline' }, (t.events ?? []).map(eventLine))),
    ),
  )
}

// ---- router ----
function route(): void {
  if (!getToken()) {
    showLogin(takeLoginNotice())
    return
  }
  const hash = location.hash.replace(/^#\/?/, '')
  if (hash.startsWith('tickets/')) {
    show('ticket')
    void loadTicket(decodeURIComponent(hash.slice('tickets/'.length)))
  } else if (hash === 'tickets') {
    show('tickets')
    void loadTickets()
  } else {
    show('intake')
    complaintInput.focus()
  }
}

/** A token kept from earlier may have been revoked since: check it once as the console opens. */
async function checkToken(): Promise<void> {
  if (!getToken()) return
  try {
    await operatorApi('/api/tickets?pageSize=1')
  } catch (error) {
    if (error instanceof LoggedOutError) showLogin(UNAUTHORIZED_MESSAGE)
  }
}

window.addEventListener('hashchange', route)
route()
void checkToken()
