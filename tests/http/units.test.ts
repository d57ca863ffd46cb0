import { describe, expect, it } from 'vitest'
import { createMetrics } from '../../src/http/metrics.ts'
import { createTokenBucketLimiter } from '../../src/http/middleware/rate-limit.ts'
import { csvCell, maskPhones } from '../../src/tickets/export-tickets.ts'

describe('token bucket rate limiter', () => {
  it('allows the burst, then refuses with a retry-after until tokens refill', () => {
    let t = 0
    const limiter = createTokenBucketLimiter({ burst: 2, perSecond: 1, now: () => t })
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(limiter.take('b').ok).toBe(true)
    t = 1000
    expect(limiter.take('a').ok).toBe(true)
  })
})

describe('CSV cells', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('a"b,c')).toBe('"a""b,c"')
  })
  it('prefixes cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`)
  })
  it('masks mobile and landline numbers', () => {
    expect(maskPhones('电话13812348000')).toBe('电话138****8000')
    expect(maskPhones('0898-63823756')).toBe('0898-****3756')
  })
})

describe('metrics', () => {
  it('renders request counts, latency histogram and routing outcomes in Prometheus format', () => {
    const metrics = createMetrics()
    metrics.observeRequest('GET', '/healthz', 200, 0.002)
    metrics.countRouting('routed')
    const text = metrics.render()
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1')
    expect(text).toContain('http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.0025"} 1')
    expect(text).toContain('routing_decisions_total{kind="routed"} 1')
  })
})
