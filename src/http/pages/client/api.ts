/**
 * `fetch` for the pages: JSON in, JSON out, and the API's error body
 * (`{ error: { code, message, requestId } }`) turned into an {@link ApiError}.
 */

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message)
  }
}

export type ApiOptions = {
  method?: 'GET' | 'POST'
  body?: unknown
  token?: string | null
  headers?: Record<string, string>
}

/**
 * Calls the service's API; throws {@link ApiError} for a 4xx/5xx or a network failure (status 0).
 *
 * @example
 * const { sessionId } = await api<{ sessionId: string }>('/api/chat/sessions', { method: 'POST', body: {} })
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  let res: Response
  try {
    res = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, 'network', '网络连接不上，请检查网络后再试。', null)
  }
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; requestId?: string } } | null)?.error
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? `服务暂时不可用（${res.status}），请稍后再试。`,
      error?.requestId ?? res.headers.get('x-request-id'),
    )
  }
  return json as T
}

/** Plain Chinese for each error code of the API (its own messages are English, for developers). */
const CODE_MESSAGES: Record<string, string> = {
  network: '网络连接不上，请检查网络后再试。',
  bad_request: '填写的内容有问题，请检查后再试。',
  unauthorized: '登录已失效，请重新登录。',
  not_found: '没有找到。',
  conflict: '这项操作和当前状态冲突，请刷新后再试。',
  payload_too_large: '内容太长了，请精简后再发。',
  unsupported_media_type: '请求格式不对，请刷新页面后再试。',
  rate_limited: '操作太频繁了，请稍等一会儿再试。',
  internal: '服务出了点问题，请稍后再试。',
}

/**
 * A message for people: plain Chinese for the error code, plus (for operators, `detail`)
 * the API's own words, and the request id to quote to support.
 */
export function describeError(error: unknown, { detail = false } = {}): string {
  if (!(error instanceof ApiError)) return '出了点问题，请稍后再试。'
  const base = CODE_MESSAGES[error.code] ?? `服务暂时不可用（${error.status}），请稍后再试。`
  const words = detail && error.code !== 'network' ? `：${error.message}` : ''
  return `${base}${words}${error.requestId ? `（编号 ${error.requestId}）` : ''}`
}
