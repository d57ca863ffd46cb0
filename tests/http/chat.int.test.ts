import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/app.ts'
import { createTokenBucketLimiter } from '../../src/http/middleware/rate-limit.ts'
import { TEST_DRIVERS } from '../helpers/db.ts'
import { json, testDeps, useTestApp } from './deps.ts'

describe.each(TEST_DRIVERS)('chat API on %s', (driver) => {
  const setup = useTestApp(driver)

  async function newSession(): Promise<string> {
    const res = await setup.app.request('/api/chat/sessions', { method: 'POST' })
    expect(res.status).toBe(201)
    return ((await res.json()) as { sessionId: string }).sessionId
  }
  const say = (id: string, text: unknown) => setup.app.request(`/api/chat/sessions/${id}/messages`, json({ text }))

  it('creates a session and returns its id', async () => {
    expect(await newSession()).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('asks a question first, then files a ticket when the answer settles the complaint', async () => {
    const id = await newSession()
    const first = (await (await say(id, '买的东西质量有问题')).json()) as any
    expect(first.decision.kind).toBe('needs_clarification')
    expect(first.decision.suggestions.length).toBeGreaterThanOrEqual(2)
    expect(first.ticket).toBeNull()
    const res = await say(id, first.decision.suggestions[0])
    expect(res.status).toBe(200)
    const second = (await res.json()) as any
    expect(second.decision.kind).toBe('routed')
    expect(second.decision.department).toBe('县工商局')
    expect(second.decision.citations[0]).toHaveProperty('legalBasis')
    expect(second.ticket).toMatchObject({ number: expect.stringMatching(/^\d{8}-\d{4}$/), status: 'open', department: { id: 'commerce' } })
    expect(second.reply).toContain(`您的工单号：${second.ticket.number}`)
    expect(second.reply).toContain(second.ticket.accessCode)
  })

  it('puts the danger advice first and starts a new complaint after a ticket', async () => {
    const id = await newSession()
    const first = (await (await say(id, '小区电梯困人了')).json()) as any
    expect(first.reply.startsWith('⚠ 请立即拨打119')).toBe(true)
    expect(first.decision.danger.call).toContain('119')
    expect(first.ticket).not.toBeNull()
    const second = (await (await say(id, '买的东西质量有问题')).json()) as any
    expect(second.decision.kind).toBe('needs_clarification')
  })

  it('files a ticket without a department for an out-of-scope complaint', async () => {
    const id = await newSession()
    const body = (await (await say(id, '邻居噪音扰民')).json()) as any
    expect(body.decision.outOfScope).toBe(true)
    expect(body.decision.redirect).toBe('12345')
    expect(body.ticket).toMatchObject({ department: null })
  })

  it('returns the transcript with both sides and the ticket', async () => {
    const id = await newSession()
    await say(id, '超市的秤不准')
    const res = await setup.app.request(`/api/chat/sessions/${id}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.messages.map((m: any) => m.role)).toEqual(['citizen', 'assistant'])
    expect(body.messages[1].decision.kind).toBe('routed')
    expect(body.messages[1].ticket.number).toMatch(/^\d{8}-/)
  })

  it('logs every chat routing in routing_logs without the phone number typed', async () => {
    const id = await newSession()
    await say(id, '超市的秤不准，我电话13812348000')
    await setup.deps.routingLogs.flush()
    const rows = await setup.db.execute<{ decision: unknown }>("select decision from routing_logs where source = 'chat'")
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows)).not.toContain('13812348000')
  })

  it('answers 404 for an unknown or malformed session id', async () => {
    expect((await say('00000000-0000-4000-8000-000000000000', '秤不准')).status).toBe(404)
    expect((await say('not-a-uuid', '秤不准')).status).toBe(404)
    expect((await setup.app.request('/api/chat/sessions/not-a-uuid')).status).toBe(404)
  })

  it('refuses an empty, too long or non-string complaint with 400 and writes nothing', async () => {
    const id = await newSession()
    for (const text of ['   ', 'x'.repeat(2001), 42]) {
      const res = await say(id, text)
      expect(res.status).toBe(400)
      const body = (await res.json()) as any
      expect(body.error.code).toBe('bad_request')
      expect(body.error.message).toMatch(/text/)
      expect(body.error.requestId).toBeTruthy()
    }
    const transcript = (await (await setup.app.request(`/api/chat/sessions/${id}`)).json()) as any
    expect(transcript.messages).toHaveLength(0)
  })

  it('accepts a complaint of exactly 2000 characters', async () => {
    const id = await newSession()
    expect((await say(id, '秤'.repeat(2000))).status).toBe(200)
  })

  it('refuses invalid JSON with 400, a non-JSON content type with 415 and an oversized body with 413', async () => {
    const id = await newSession()
    const url = `/api/chat/sessions/${id}/messages`
    const bad = await setup.app.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as any).error.message).toMatch(/not valid JSON/)
    const form = await setup.app.request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '秤不准' })
    expect(form.status).toBe(415)
    expect(((await form.json()) as any).error.code).toBe('unsupported_media_type')
    const big = await setup.app.request(url, json({ text: 'x'.repeat(20_000) }))
    expect(big.status).toBe(413)
    expect(((await big.json()) as any).error.code).toBe('payload_too_large')
  })

  it('refuses a body whose declared Content-Length is over the limit, and reads one under it', async () => {
    const id = await newSession()
    const url = `/api/chat/sessions/${id}/messages`
    const body = JSON.stringify({ text: 'x'.repeat(20_000) })
    const declared = await setup.app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    })
    expect(declared.status).toBe(413)
    const small = JSON.stringify({ text: '超市的秤不准' })
    const ok = await setup.app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(small)) },
      body: small,
    })
    expect(ok.status).toBe(200)
  })

  it('refuses unknown fields in the body', async () => {
    const id = await newSession()
    const res = await setup.app.request(`/api/chat/sessions/${id}/messages`, json({ text: '秤不准', admin: true }))
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.message).toMatch(/admin/)
  })

  it('rate-limits a client with 429 and Retry-After', async () => {
    const limited = createApp(testDeps(setup.db, { rateLimiter: createTokenBucketLimiter({ burst: 2, perSecond: 0.01 }) }))
    expect((await limited.request('/api/chat/sessions', { method: 'POST' })).status).toBe(201)
    expect((await limited.request('/api/chat/sessions', { method: 'POST' })).status).toBe(201)
    const res = await limited.request('/api/chat/sessions', { method: 'POST' })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(((await res.json()) as any).error.code).toBe('rate_limited')
  })
})
