/** The operator's token: kept in sessionStorage (gone when the tab closes), sent as Bearer. */
import { ApiError, api, type ApiOptions } from './api.ts'

const TOKEN_KEY = 'cr.operator.token'
const NOTICE_KEY = 'cr.operator.notice'

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token)
    else sessionStorage.removeItem(TOKEN_KEY)
  } catch {
    // storage disabled: the operator logs in again on each page
  }
}

/** A message for the login form, left by a page that found the token refused. */
export function takeLoginNotice(): string | null {
  try {
    const notice = sessionStorage.getItem(NOTICE_KEY)
    sessionStorage.removeItem(NOTICE_KEY)
    return notice
  } catch {
    return null
  }
}

export function leaveLoginNotice(message: string): void {
  try {
    sessionStorage.setItem(NOTICE_KEY, message)
  } catch {
    // nothing to do
  }
}

export const UNAUTHORIZED_MESSAGE = '登录已失效或令牌不正确，请重新输入访问令牌。'

/** Raised (after clearing the token) when the API answers 401. */
export class LoggedOutError extends Error {
  override readonly name = 'LoggedOutError'
}

/** `api()` with the operator's token; a 401 clears it and throws {@link LoggedOutError}. */
export async function operatorApi<T>(path: string, options: Omit<ApiOptions, 'token'> = {}): Promise<T> {
  const token = getToken()
  if (!token) throw new LoggedOutError(UNAUTHORIZED_MESSAGE)
  try {
    return await api<T>(path, { ...options, token })
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setToken(null)
      throw new LoggedOutError(UNAUTHORIZED_MESSAGE)
    }
    throw error
  }
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts (not plain http on the LAN). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
