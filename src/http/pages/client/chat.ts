/**
 * The citizen chat (`/`): one message at a time to the chat API, answers as
 * bubbles, clarifying questions as buttons, the final answer as a card.
 */
import { ApiError, api, describeError } from './api.ts'
import { dangerNotice, routingCard } from './card.ts'
import { byId, h, withPhoneLinks } from './dom.ts'
import type { ApiChatReply, ApiDecision, ApiTicketRef } from './types.ts'

type TranscriptMessage = { role: string; text: string; decision: ApiDecision | null; ticket: ApiTicketRef | null }
type Transcript = { sessionId: string; messages: TranscriptMessage[] }

const SESSION_KEY = 'cr.chat.sessionId'
const log = byId<HTMLOListElement>('log')
const form = byId<HTMLFormElement>('composer')
const input = byId<HTMLTextAreaElement>('chat-input')
const sendButton = byId<HTMLButtonElement>('chat-send')

let sessionId: string | null = readSession()
let busy = false

function readSession(): string | null {
  try {
    return sessionStorage.getItem(SESSION_KEY)
  } catch {
    return null
  }
}

function saveSession(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(SESSION_KEY, id)
    else sessionStorage.removeItem(SESSION_KEY)
  } catch {
    // private mode: the conversation just won't survive a reload
  }
}

function scrollToEnd(el: Element): void {
  el.scrollIntoView({ block: 'end', behavior: 'smooth' })
}

function addCitizenMessage(text: string): void {
  const li = h('li', { class: 'msg msg-me', 'data-testid': 'chat-message' }, h('p', { class: 'bubble' }, text))
  log.appendChild(li)
  scrollToEnd(li)
}

/** Old suggestion buttons stop working once the conversation moves on. */
function retireSuggestions(): void {
  log.querySelectorAll<HTMLButtonElement>('button[data-testid="chat-suggestion"]').forEach((b) => {
    b.disabled = true
  })
}

/**
 * The bubble's text: the API's reply without what the page shows better on its own
 * (the danger line goes to the red notice, the options to buttons, the details to the card).
 */
function bubbleText(reply: string, decision: ApiDecision | null): string {
  if (decision === null) return reply
  const lines = reply.split('\n').filter((line) => line.trim() && !(decision.danger && line.trimStart().startsWith('⚠')))
  if (decision.kind === 'needs_clarification') {
    const options = decision.suggestions
    return lines.filter((line) => !(options.length && options.every((o) => line.includes(o)))).join('\n')
  }
  // A final answer: its first sentence leads into the card, which carries the rest.
  const first = lines[0] ?? ''
  const end = first.indexOf('。')
  return end === -1 ? first : first.slice(0, end + 1)
}

function addAssistantMessage(reply: string, decision: ApiDecision | null, ticket: ApiTicketRef | null, live = true): void {
  const final = decision !== null && decision.kind !== 'needs_clarification'
  const bubble = bubbleText(reply, decision)
  const li = h(
    'li',
    { class: 'msg msg-bot', 'data-testid': 'chat-message' },
    decision?.danger ? dangerNotice(decision.danger) : null,
    bubble ? h('div', { class: 'bubble' }, withPhoneLinks(bubble)) : null,
  )
  if (decision?.kind === 'needs_clarification' && decision.suggestions.length) {
    li.append(
      h(
        'div',
        { class: 'suggestions', role: 'group', 'aria-label': '可以点选一个回答' },
        decision.suggestions.map((label) =>
          h(
            'button',
            {
              type: 'button',
              class: 'suggestion',
              'data-testid': 'chat-suggestion',
              disabled: !live,
              onclick: () => void send(label),
            },
            label,
          ),
        ),
      ),
      h('p', { class: 'hint' }, '点一个选项，或直接打字回答。'),
    )
  }
  if (final) {
    li.appendChild(routingCard(decision, ticket))
    li.appendChild(
      h(
        'button',
        { type: 'button', class: 'btn btn-link restart', onclick: restart },
        '还有别的问题？开始新的咨询',
      ),
    )
  }
  log.appendChild(li)
  scrollToEnd(li)
}

function addNotice(text: string): void {
  const li = h('li', { class: 'msg msg-notice', role: 'alert' }, text)
  log.appendChild(li)
  scrollToEnd(li)
}

function restart(): void {
  sessionId = null
  saveSession(null)
  retireSuggestions()
  log.appendChild(h('li', { class: 'divider' }, '新的咨询'))
  input.focus()
}

function setBusy(value: boolean): void {
  busy = value
  sendButton.disabled = value
  form.setAttribute('aria-busy', String(value))
}

async function ensureSession(): Promise<string> {
  if (sessionId) return sessionId
  const created = await api<{ sessionId: string }>('/api/chat/sessions', { method: 'POST', body: {} })
  sessionId = created.sessionId
  saveSession(sessionId)
  return sessionId
}

async function send(raw: string): Promise<void> {
  const text = raw.trim()
  if (!text || busy) return
  setBusy(true)
  retireSuggestions()
  addCitizenMessage(text)
  input.value = ''
  autosize()
  const pending = h('li', { class: 'msg msg-bot pending', 'aria-label': '正在查找负责的部门' }, h('p', { class: 'bubble' }, '正在查找负责的部门…'))
  log.appendChild(pending)
  scrollToEnd(pending)
  try {
    let id = await ensureSession()
    let answer: ApiChatReply
    try {
      answer = await api<ApiChatReply>(`/api/chat/sessions/${encodeURIComponent(id)}/messages`, { body: { text } })
    } catch (error) {
      // The session expired or was lost: start a new one once and resend.
      if (!(error instanceof ApiError && error.status === 404)) throw error
      sessionId = null
      id = await ensureSession()
      answer = await api<ApiChatReply>(`/api/chat/sessions/${encodeURIComponent(id)}/messages`, { body: { text } })
    }
    pending.remove()
    addAssistantMessage(answer.reply, answer.decision, answer.ticket)
  } catch (error) {
    pending.remove()
    addNotice(`没有发送成功：${describeError(error)}`)
    if (!input.value) input.value = text
  } finally {
    setBusy(false)
    input.focus()
  }
}

/** Grows the box with the text, up to the CSS max-height. */
function autosize(): void {
  input.style.height = 'auto'
  input.style.height = `${input.scrollHeight}px`
}

async function restore(): Promise<void> {
  if (!sessionId) return
  try {
    const transcript = await api<Transcript>(`/api/chat/sessions/${encodeURIComponent(sessionId)}`)
    const messages = transcript.messages
    const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant')
    messages.forEach((m, i) => {
      if (m.role === 'citizen') addCitizenMessage(m.text)
      else addAssistantMessage(m.text, m.decision, m.ticket, i === lastAssistant)
    })
  } catch {
    // A stale id: start afresh on the next message.
    sessionId = null
    saveSession(null)
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  void send(input.value)
})
input.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter is a new line; never while an IME is composing Chinese.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault()
    form.requestSubmit()
  }
})
input.addEventListener('input', autosize)
void restore()
