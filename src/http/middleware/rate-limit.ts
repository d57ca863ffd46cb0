import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '../../errors.ts'

/** Decides whether a client may make one more request. */
export type RateLimiter = {
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number }
}

/** Lets everything through (benchmarks, trusted deployments behind a limiting proxy). */
export function createNoopRateLimiter(): RateLimiter {
  return { take: () => ({ ok: true }) }
}

/** Keys kept before idle full buckets are swept. */
const MAX_KEYS = 10_000

/**
 * In-memory token bucket per key: `burst` requests at once, refilled at
 * `perSecond`. Per instance (several instances each allow the full rate).
 *
 * @example
 * const limiter = createTokenBucketLimiter({ burst: 30, perSecond: 1 })
 * limiter.take('203.0.113.7') // { ok: true }
 */
export function createTokenBucketLimiter({
  burst,
  perSecond,
  now = () => performance.now(),
}: {
  burst: number
  perSecond: number
  now?: () => number
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    take(key) {
      const t = now()
      let bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= MAX_KEYS) sweep(buckets, t, burst, perSecond)
        bucket = { tokens: burst, at: t }
        buckets.set(key, bucket)
      } else {
        bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond)
        bucket.at = t
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { ok: true }
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) }
    },
  }
}

function sweep(buckets: Map<string, { tokens: number; at: number }>, t: number, burst: number, perSecond: number): void {
  for (const [key, bucket] of buckets) {
    if (bucket.tokens + ((t - bucket.at) / 1000) * perSecond >= burst) buckets.delete(key)
  }
  // Still full of active clients: forget the oldest rather than grow without bound.
  if (buckets.size >= MAX_KEYS) {
    const first = buckets.keys().next()
    if (!first.done) buckets.delete(first.value)
  }
}

/** The client's address from the socket ('unknown' without one, e.g. in tests). Proxy headers are not trusted. */
export function clientKey(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** 429 with `Retry-After` when the client's bucket is empty. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler {
  return async (c, next) => {
    const result = limiter.take(clientKey(c))
    if (!result.ok) {
      throw new AppError('rate_limited', `too many requests; please wait ${result.retryAfterSeconds} s and try again`, {
        retryAfterSeconds: result.retryAfterSeconds,
      })
    }
    await next()
  }
}
