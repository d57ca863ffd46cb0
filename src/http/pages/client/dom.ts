/**
 * DOM building without HTML strings: every text goes through a text node, so
 * whatever a caller typed is shown as characters and never parsed as markup.
 *
 * @example
 * h('p', { class: 'bubble', 'data-testid': 'chat-message' }, userText)
 */

type Child = Node | string | number | null | undefined | false
/** Children may nest in arrays, as many levels as convenient. */
export type Children = Child | readonly Children[]
type AttrValue = string | number | boolean | null | undefined
type Handler = (event: Event) => void
export type Attrs = Record<string, AttrValue | Handler>

/** Creates an element; `on*` keys take listeners, `false`/`null` attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value)
    } else if (value === true) {
      el.setAttribute(key, '')
    } else if (value !== false && value !== null && value !== undefined) {
      // Never a style attribute (CSP) nor an on* string: only listeners above.
      if (key === 'style' || key.startsWith('on')) throw new Error(`h(): attribute ${key} is not allowed`)
      el.setAttribute(key, String(value))
    }
  }
  append(el, children)
  return el
}

/** Appends children (nested arrays allowed); strings become text nodes. */
export function append(parent: Node, children: readonly Children[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : (child as Node))
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Node, ...children: Children[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild)
  append(parent, children)
}

/** The element with this id, or an error naming it (the HTML and the script ship together). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing from the page`)
  return el as T
}

const PHONE = /(\d{3,4}-\d{7,8}|\d{5,11})/g

/**
 * Text where phone numbers (12365, 63823756, 0898-…) become `tel:` links that a
 * phone can dial with one tap. The number is taken from digits only.
 */
export function withPhoneLinks(text: string, className = 'tel'): (Node | string)[] {
  const out: (Node | string)[] = []
  let last = 0
  for (const match of text.matchAll(PHONE)) {
    const index = match.index ?? 0
    if (index > last) out.push(text.slice(last, index))
    out.push(h('a', { href: `tel:${match[0].replace(/[^\d]/g, '')}`, class: className }, match[0]))
    last = index + match[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/**
 * Copies text to the clipboard: the async Clipboard API where the page may use it,
 * else a hidden textarea and `execCommand('copy')` (older phones, plain http).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // fall through to the old way
  }
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' })
  area.value = text
  document.body.appendChild(area)
  area.select()
  area.setSelectionRange(0, text.length)
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}

/** A short, readable local time: `11-26 10:05`, or with the year when it is not this year. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return d.getFullYear() === new Date().getFullYear() ? md : `${d.getFullYear()}-${md}`
}
