/** Latency buckets in seconds. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

/** In-memory Prometheus counters of one process. */
export type Metrics = {
  observeRequest(method: string, route: string, status: number, seconds: number): void
  countRouting(kind: string): void
  /** Prometheus text exposition format 0.0.4. */
  render(): string
}

/**
 * @example
 * const metrics = createMetrics()
 * metrics.observeRequest('GET', '/healthz', 200, 0.002)
 * metrics.render() // '# HELP http_requests_total …'
 */
export function createMetrics(): Metrics {
  const requests = new Map<string, number>()
  const histograms = new Map<string, { buckets: number[]; sum: number; count: number }>()
  const routings = new Map<string, number>()
  return {
    observeRequest(method, route, status, seconds) {
      const labels = `method="${esc(method)}",route="${esc(route)}",status="${status}"`
      requests.set(labels, (requests.get(labels) ?? 0) + 1)
      const key = `method="${esc(method)}",route="${esc(route)}"`
      let h = histograms.get(key)
      if (h === undefined) {
        h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }
        histograms.set(key, h)
      }
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] ?? 0)) h.buckets[i] = (h.buckets[i] ?? 0) + 1
      h.sum += seconds
      h.count += 1
    },
    countRouting(kind) {
      routings.set(kind, (routings.get(kind) ?? 0) + 1)
    },
    render() {
      const lines = [
        '# HELP http_requests_total HTTP requests by method, route and status.',
        '# TYPE http_requests_total counter',
        ...[...requests].map(([labels, n]) => `http_requests_total{${labels}} ${n}`),
        '# HELP http_request_duration_seconds HTTP request latency.',
        '# TYPE http_request_duration_seconds histogram',
      ]
      for (const [labels, h] of histograms) {
        BUCKETS.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${h.buckets[i] ?? 0}`))
        lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`)
        lines.push(`http_request_duration_seconds_sum{${labels}} ${h.sum}`)
        lines.push(`http_request_duration_seconds_count{${labels}} ${h.count}`)
      }
      lines.push('# HELP routing_decisions_total Routing runs by outcome.', '# TYPE routing_decisions_total counter')
      for (const [kind, n] of routings) lines.push(`routing_decisions_total{kind="${esc(kind)}"} ${n}`)
      return `${lines.join('\n')}\n`
    },
  }
}

function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
