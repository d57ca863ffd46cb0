import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/client.ts'
import { createApp } from '../../src/http/app.ts'
import { AUTH, json, testDeps } from './deps.ts'

describe('restart on the file-backed embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'complaint-router-restart-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps sessions and tickets across a stop and start, and the chat continues', async () => {
    let db = await createDb({ dataDir })
    let deps = testDeps(db)
    let app = createApp(deps)
    const { sessionId } = (await (await app.request('/api/chat/sessions', { method: 'POST' })).json()) as any
    const first = (await (await app.request(`/api/chat/sessions/${sessionId}/messages`, json({ text: '买的东西质量有问题' }))).json()) as any
    expect(first.decision.kind).toBe('needs_clarification')
    const ticket = (await (await app.request('/api/tickets', json({ text: '超市的秤不准', channel: 'hotline' }, { ...AUTH, 'Idempotency-Key': 'restart-1' }))).json()) as any
    await deps.routingLogs.close()
    await db.close()

    db = await createDb({ dataDir })
    deps = testDeps(db)
    app = createApp(deps)
    try {
      const second = (await (await app.request(`/api/chat/sessions/${sessionId}/messages`, json({ text: '在网上买的' }))).json()) as any
      expect(second.decision.kind).toBe('routed')
      expect(second.ticket.number).not.toBe(ticket.number)
      const read = await app.request(`/api/tickets/${ticket.number}`, { headers: AUTH })
      expect(read.status).toBe(200)
      expect(((await read.json()) as any).accessCode).toBe(ticket.accessCode)
      const transcript = (await (await app.request(`/api/chat/sessions/${sessionId}`)).json()) as any
      expect(transcript.messages).toHaveLength(4)
    } finally {
      await deps.routingLogs.close()
      await db.close()
    }
  })
})
