import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/app.ts'
import { TEST_DRIVERS } from '../helpers/db.ts'
import { AUTH, json, testDeps, useTestApp } from './deps.ts'

let keySeq = 0
const key = () => ({ 'Idempotency-Key': `test-key-${process.pid}-${++keySeq}` })

describe.each(TEST_DRIVERS)('operator ticket API on %s', (driver) => {
  const setup = useTestApp(driver)

  const file = (body: Record<string, unknown>, headers: Record<string, string> = { ...AUTH, ...key() }) =>
    setup.app.request('/api/tickets', json({ channel: 'hotline', ...body }, headers))
  const count = async (table: string) => Number((await setup.db.execute<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n)

  describe('security', () => {
    const operatorRequests: [string, RequestInit?][] = [
      ['/api/tickets'],
      ['/api/tickets/20261126-0001'],
      ['/api/tickets.csv'],
      ['/api/stats'],
      ['/api/route', json({ text: '秤不准' })],
      ['/api/tickets', json({ text: '秤不准', channel: 'web' }, key())],
      ['/api/tickets/20261126-0001/events', json({ kind: 'close', reason: 'x' })],
    ]
    it.each(operatorRequests)('refuses %s without a token with 401 and WWW-Authenticate: Bearer', async (path, init) => {
      const res = await setup.app.request(path, init)
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
      expect(((await res.json()) as any).error.code).toBe('unauthorized')
    })

    it('refuses a wrong token with 401', async () => {
      const res = await setup.app.request('/api/tickets', { headers: { Authorization: 'Bearer wrong' } })
      expect(res.status).toBe(401)
    })

    it('refuses every token when none is configured', async () => {
      const closed = createApp(testDeps(setup.db, { config: { ...testDeps(setup.db).config, operatorTokens: [] } }))
      expect((await closed.request('/api/tickets', { headers: AUTH })).status).toBe(401)
    })
  })

  describe('POST /api/tickets', () => {
    it('routes the text and files the ticket with the suggestion, answering 201', async () => {
      const res = await file({ text: '加油站加油机少加油', callerName: '王先生', callerPhone: '13812348000' })
      expect(res.status).toBe(201)
      const body = (await res.json()) as any
      expect(body).toMatchObject({ status: 'open', department: { id: 'quality', name: '县质监局' }, overridden: false, matter: { id: 'duty-06' } })
      expect(body.number).toMatch(/^\d{8}-\d{4}$/)
      expect(body.accessCode).toMatch(/^[2-9A-Z]{8}$/)
      expect(body.script).toContain('县质监局')
    })

    it('returns the same ticket with 200 when the same Idempotency-Key is sent again', async () => {
      const headers = { ...AUTH, ...key() }
      const first = (await (await file({ text: '超市的秤不准' }, headers)).json()) as any
      const again = await file({ text: '超市的秤不准' }, headers)
      expect(again.status).toBe(200)
      expect(((await again.json()) as any).number).toBe(first.number)
      const rows = await setup.db.execute(`select 1 from tickets where number = '${first.number}'`)
      expect(rows).toHaveLength(1)
    })

    it('requires the Idempotency-Key header with a clear message', async () => {
      const res = await file({ text: '超市的秤不准' }, AUTH)
      expect(res.status).toBe(400)
      expect(((await res.json()) as any).error.message).toMatch(/Idempotency-Key/)
    })

    it('refuses an override without a reason and writes nothing', async () => {
      const before = await count('tickets')
      const res = await file({ text: '加油站加油机少加油', department: '县工商局' })
      expect(res.status).toBe(400)
      expect(((await res.json()) as any).error.message).toMatch(/reason/)
      expect(await count('tickets')).toBe(before)
    })

    it('records created then overridden when the operator chooses another department with a reason', async () => {
      const body = (await (await file({ text: '加油站加油机少加油', department: 'commerce', reason: '加油站经营问题' })).json()) as any
      expect(body).toMatchObject({ overridden: true, department: { id: 'commerce' }, suggestedDepartment: { id: 'quality' } })
      const detail = (await (await setup.app.request(`/api/tickets/${body.number}`, { headers: AUTH })).json()) as any
      expect(detail.events.map((e: any) => e.kind)).toEqual(['created', 'overridden'])
      expect(detail.events[1]).toMatchObject({ reason: '加油站经营问题', fromDepartment: { id: 'quality' }, toDepartment: { id: 'commerce' } })
      expect(detail.events[1].actor).toMatch(/^operator:[0-9a-f]{8}$/)
    })

    it('keeps the evidence of the suggestion with the ticket: facts, fired rules and quoted citations', async () => {
      const body = (await (await file({ text: '加油站加油机少加油' })).json()) as any
      const detail = (await (await setup.app.request(`/api/tickets/${body.number}`, { headers: AUTH })).json()) as any
      expect(detail.decision.firedRules.length).toBeGreaterThan(0)
      expect(detail.decision.facts.map((f: any) => f.fact)).toContain('subject.fuel_dispenser')
      expect(detail.decision.citations[0]).toMatchObject({ id: expect.any(String), text: expect.any(String) })
      // the list of rules checked and failed is shown by POST /api/route, not stored with every ticket
      expect(detail.decision.ruleResults).toBeUndefined()
    })

    it('accepts the department by name and keeps the suggestion when it is the same', async () => {
      const body = (await (await file({ text: '加油站加油机少加油', department: '县质监局' })).json()) as any
      expect(body.overridden).toBe(false)
    })

    it('refuses an unknown department, a bad channel and a missing text with 400', async () => {
      expect((await file({ text: '秤不准', department: '县外星局', reason: 'x' })).status).toBe(400)
      expect((await file({ text: '秤不准', channel: 'fax' })).status).toBe(400)
      expect((await file({})).status).toBe(400)
    })
  })

  describe('POST /api/route', () => {
    it('answers the decision with evidence and a script, logs the routing and files nothing', async () => {
      await setup.deps.routingLogs.flush()
      const tickets = await count('tickets')
      const logs = await count('routing_logs')
      const res = await setup.app.request('/api/route', json({ text: '小区电梯困人了' }, AUTH))
      expect(res.status).toBe(200)
      const body = (await res.json()) as any
      expect(body.decision.kind).toBe('routed')
      expect(body.decision.citations.length).toBeGreaterThan(0)
      expect(body.line.department).toBe('县质监局')
      expect(body.script).toContain('119')
      expect(await count('tickets')).toBe(tickets)
      // Routing runs are written in batches: flush before reading them.
      await setup.deps.routingLogs.flush()
      expect(await count('routing_logs')).toBe(logs + 1)
      const [log] = await setup.db.execute<any>('select * from routing_logs order by id desc limit 1')
      expect(log).toMatchObject({ source: 'api', kind: 'routed', department_id: 'quality' })
      expect(log.latency_ms).toBeGreaterThanOrEqual(0)
    })
  })

  describe('list, detail and events', () => {
    it('lists with filters and pagination', async () => {
      await file({ text: '在网上买的衣服质量差', channel: 'web', callerPhone: '13900001111' })
      const all = (await (await setup.app.request('/api/tickets?pageSize=2', { headers: AUTH })).json()) as any
      expect(all.items).toHaveLength(2)
      expect(all.total).toBeGreaterThan(2)
      expect(all).toMatchObject({ page: 1, pageSize: 2 })
      const web = (await (await setup.app.request('/api/tickets?channel=web&department=县工商局', { headers: AUTH })).json()) as any
      expect(web.items.every((t: any) => t.channel === 'web' && t.department?.id === 'commerce')).toBe(true)
      const q = (await (await setup.app.request(`/api/tickets?q=${encodeURIComponent('衣服')}`, { headers: AUTH })).json()) as any
      expect(q.total).toBe(1)
      expect(q.items[0].callerPhone).toBe('139****1111')
      const day = (await (await setup.app.request('/api/tickets?from=2026-11-26&to=2026-11-26', { headers: AUTH })).json()) as any
      expect(day.total).toBe(all.total)
      const none = (await (await setup.app.request('/api/tickets?from=2026-11-27', { headers: AUTH })).json()) as any
      expect(none.total).toBe(0)
    })

    it('refuses a page size above 100 and malformed filters with 400', async () => {
      for (const query of ['pageSize=101', 'page=0', 'status=lost', 'from=yesterday', 'channel=fax']) {
        expect((await setup.app.request(`/api/tickets?${query}`, { headers: AUTH })).status).toBe(400)
      }
    })

    it('answers 404 for an unknown or malformed ticket number', async () => {
      expect((await setup.app.request('/api/tickets/20261126-9999', { headers: AUTH })).status).toBe(404)
      expect((await setup.app.request('/api/tickets/nonsense', { headers: AUTH })).status).toBe(404)
    })

    it('reroutes, transfers and closes with a reason, then refuses changes to a closed ticket with 409', async () => {
      const { number } = (await (await file({ text: '超市的秤不准' })).json()) as any
      const post = (body: unknown) => setup.app.request(`/api/tickets/${number}/events`, json(body, AUTH))
      expect((await post({ kind: 'reroute', department: '县工商局' })).status).toBe(400) // no reason
      expect((await post({ kind: 'reroute', reason: '没有部门' })).status).toBe(400) // no department
      const rerouted = await post({ kind: 'reroute', department: '县工商局', reason: '流通环节' })
      expect(rerouted.status).toBe(201)
      expect(((await rerouted.json()) as any).ticket.department.id).toBe('commerce')
      expect((await post({ kind: 'transfer', reason: '转12345' })).status).toBe(201)
      expect((await post({ kind: 'close', reason: '已办结' })).status).toBe(201)
      const again = await post({ kind: 'close', reason: '再次' })
      expect(again.status).toBe(409)
      expect(((await again.json()) as any).error.code).toBe('conflict')
      const detail = (await (await setup.app.request(`/api/tickets/${number}`, { headers: AUTH })).json()) as any
      expect(detail.events.map((e: any) => e.kind)).toEqual(['created', 'rerouted', 'transferred', 'closed'])
      expect(detail.status).toBe('closed')
    })
  })

  describe('public ticket status', () => {
    it('shows status and department to the citizen with the right code, without complaint or caller data', async () => {
      const t = (await (await file({ text: '加油机少加油', callerName: '李女士', callerPhone: '13700001234' })).json()) as any
      const res = await setup.app.request(`/api/public/tickets/${t.number}?code=${t.accessCode}`)
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(JSON.parse(text)).toMatchObject({ number: t.number, status: 'open', department: { name: '县质监局' } })
      for (const secret of ['加油机少加油', '李女士', '13700001234', t.accessCode]) expect(text).not.toContain(secret)
    })

    it('answers a wrong code exactly as an unknown number', async () => {
      const t = (await (await file({ text: '加油机少加油' })).json()) as any
      const wrong = await setup.app.request(`/api/public/tickets/${t.number}?code=AAAAAAAA`)
      const unknown = await setup.app.request('/api/public/tickets/20261126-9999?code=AAAAAAAA')
      expect(wrong.status).toBe(404)
      expect(unknown.status).toBe(404)
      const strip = (b: any) => ({ ...b, error: { ...b.error, requestId: '' } })
      expect(strip(await wrong.json())).toEqual(strip(await unknown.json()))
    })

    it('requires the code', async () => {
      expect((await setup.app.request('/api/public/tickets/20261126-0001')).status).toBe(400)
    })
  })

  describe('stats and CSV export', () => {
    it('counts by department, matter, channel and day with override rates', async () => {
      const res = await setup.app.request('/api/stats', { headers: AUTH })
      expect(res.status).toBe(200)
      const stats = (await res.json()) as any
      const total = Number((await setup.db.execute<{ n: number }>('select count(*)::int as n from tickets'))[0]?.n)
      expect(stats.total).toBe(total)
      expect(stats.byDay).toEqual([{ key: '2026-11-26', count: total }])
      const quality = stats.overrideRate.find((r: any) => r.departmentId === 'quality')
      expect(quality.overridden).toBeGreaterThanOrEqual(1)
      expect(quality.rate).toBeCloseTo(quality.overridden / quality.tickets)
      expect(stats.byChannel.map((r: any) => r.key).sort()).toEqual(['hotline', 'web'])
    })

    it('exports CSV for Excel: BOM, CRLF, quoted cells, Chinese headers, masked phones, formula guard', async () => {
      await file({ text: '=HYPERLINK("http://evil")秤不准', callerName: '@张三', callerPhone: '13812348000' })
      const res = await setup.app.request('/api/tickets.csv', { headers: AUTH })
      expect(res.status).toBe(200)
      expect(res.headers.get('Content-Type')).toMatch(/text\/csv/)
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes.slice(3))
      expect(text.startsWith('"工单号","受理时间"')).toBe(true)
      expect(text.split('\r\n').length).toBeGreaterThan(2)
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")秤不准"`)
      expect(text).toContain(`"'@张三"`)
      expect(text).toContain('138****8000')
      expect(text).not.toContain('13812348000')
    })

    it('applies the same filters to the export', async () => {
      const text = await (await setup.app.request('/api/tickets.csv?channel=web', { headers: AUTH })).text()
      expect(text).not.toContain('"热线"')
    })
  })
})
