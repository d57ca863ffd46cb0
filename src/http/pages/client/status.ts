/** The citizen status page (`/status`): ticket number + access code → status and department. */
import { ApiError, api, describeError } from './api.ts'
import { byId, formatTime, h, replace } from './dom.ts'
import { statusLabel, type ApiPublicTicket } from './types.ts'

const form = byId<HTMLFormElement>('status-form')
const numberInput = byId<HTMLInputElement>('status-number')
const codeInput = byId<HTMLInputElement>('status-code')
const result = byId<HTMLDivElement>('status-result')
const submit = byId<HTMLButtonElement>('status-submit')

const params = new URLSearchParams(location.search)
numberInput.value = params.get('number') ?? ''
;(numberInput.value ? codeInput : numberInput).focus()

form.addEventListener('submit', async (event) => {
  event.preventDefault()
  const number = numberInput.value.trim()
  const code = codeInput.value.trim()
  if (!number || !code) {
    replace(result, h('p', { class: 'notice', role: 'alert' }, '请填写登记编号和查询码。'))
    return
  }
  submit.disabled = true
  replace(result, h('p', { class: 'muted' }, '正在查询…'))
  try {
    const ticket = await api<ApiPublicTicket>(
      `/api/public/tickets/${encodeURIComponent(number)}?code=${encodeURIComponent(code)}`,
    )
    replace(
      result,
      h(
        'section',
        { class: 'card', 'data-testid': 'status-card', 'aria-label': '办理进度' },
        h('p', { class: 'card-label' }, `登记编号 ${ticket.number}`),
        h('p', { class: `status-badge status-${ticket.status}`, 'data-testid': 'status-value' }, statusLabel(ticket.status)),
        h('p', { class: 'muted' }, ticket.statusText),
        h(
          'dl',
          { class: 'facts' },
          h('div', null, h('dt', null, '处理部门'), h('dd', { 'data-testid': 'status-department' }, ticket.department?.name ?? '待分派')),
          h('div', null, h('dt', null, '登记时间'), h('dd', null, formatTime(ticket.createdAt))),
          h('div', null, h('dt', null, '更新时间'), h('dd', null, formatTime(ticket.updatedAt))),
        ),
      ),
    )
  } catch (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 400)
    replace(
      result,
      h('p', { class: 'notice', role: 'alert' }, notFound ? '没有查到这张登记单，请核对登记编号和查询码。' : describeError(error)),
    )
  } finally {
    submit.disabled = false
  }
})
