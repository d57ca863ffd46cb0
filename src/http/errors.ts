import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'
import { ZodError } from 'zod'
import { AppError, type AppErrorCode } from '../errors.ts'

/** The one place a domain error code becomes an HTTP status. */
export function statusOf(code: AppErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'bad_request':
      return 400
    case 'unauthorized':
      return 401
    case 'not_found':
      return 404
    case 'conflict':
      return 409
    case 'payload_too_large':
      return 413
    case 'unsupported_media_type':
      return 415
    case 'rate_limited':
      return 429
    case 'internal':
      return 500
  }
}

const CODE_OF_STATUS: Record<number, AppErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
}

/** `{ error: { code, message, requestId } }`, the body of every error. */
export function errorBody(c: Context, code: AppErrorCode, message: string) {
  return { error: { code, message, requestId: (c.get('requestId') as string | undefined) ?? '' } }
}

/**
 * Turns any error into the JSON error response: AppError by its code,
 * HTTPException by its status, ZodError as 400; anything else is a bug, logged
 * and answered 500 `internal` without details.
 */
export function handleError(error: Error, c: Context, logger: Logger): Response {
  let appError: AppError
  if (error instanceof AppError) {
    appError = error
  } else if (error instanceof HTTPException) {
    const code = CODE_OF_STATUS[error.status] ?? (error.status >= 500 ? 'internal' : 'bad_request')
    appError = new AppError(code, code === 'payload_too_large' ? 'the request body is too large' : error.message || code)
  } else if (error instanceof ZodError) {
    appError = new AppError(
      'bad_request',
      error.issues.map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`).join('; '),
    )
  } else {
    logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error')
    appError = new AppError('internal', 'something went wrong on our side; please try again later')
  }
  if (appError.code === 'internal' && error instanceof AppError) logger.error({ err: error, requestId: c.get('requestId') }, 'internal error')
  if (appError.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="complaint-router"')
  const retryAfter = appError.details?.retryAfterSeconds
  if (appError.code === 'rate_limited' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter))
  c.header('Cache-Control', 'no-store')
  return c.json(errorBody(c, appError.code, appError.message), statusOf(appError.code))
}
