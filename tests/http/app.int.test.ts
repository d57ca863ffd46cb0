import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '../../src/db/client.ts'
import { createApp } from '../../src/http/app.ts'
import { createTestDb, TEST_DRIVERS } from '../helpers/db.ts'
import { AUTH, json, testDeps } from './deps.ts'

describe.each(TEST_DRIVERS)('service endpoints on %s', (driver) => {
  let db: DbHandle
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    db = await createTestDb({ driver })
    app = createApp(testDeps(db))
  })
  afterAll(async () => {
    await db.close()
  })

  it('answers /healthz and /readyz with the knowledge version when the database is reachable', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'ok', knowledgeVersion: expect.any(String), database: { ok: true } })
    }
  })

  it('answers /readyz with 503 when the database does not answer', async () => {
    const down = createApp(testDeps({ ...db, ping: async () => false }))
    expect((await down.request('/readyz')).status).toBe(503)
  })

  it('sends security headers with the agreed CSP and echoes X-Request-Id on every response', async () => {
    const res = await app.request('/api/nothing', { headers: { 'X-Request-Id': 'req-123' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('X-Request-Id')).toBe('req-123')
    expect(((await res.json()) as any).error.requestId).toBe('req-123')
    expect(res.headers.get('Content-Security-Policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(res.headers.get('X-Frame-Options')).toBeTruthy()
  })

  it('serves Prometheus metrics with request counts and routing outcomes', async () => {
    await app.request('/api/route', json({ text: '超市的秤不准' }, AUTH))
    const text = await (await app.request('/metrics')).text()
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/route",status="200"\} \d+/)
    expect(text).toContain('http_request_duration_seconds_bucket')
    expect(text).toMatch(/routing_decisions_total\{kind="routed"\} \d+/)
  })

  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as any
    expect(doc.openapi).toBe('3.1.0')
    const ticketBody = doc.paths['/api/tickets'].post.requestBody.content['application/json'].schema
    expect(ticketBody.properties.channel.enum).toEqual(['web', 'hotline'])
    expect(ticketBody.required).toContain('text')
    expect(doc.paths['/api/chat/sessions/{id}/messages'].post.requestBody.content['application/json'].schema.properties.text.maxLength).toBe(2000)
  })

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await app.request('/api/unknown')
    expect(res.status).toBe(404)
    expect(((await res.json()) as any).error.code).toBe('not_found')
  })
})
