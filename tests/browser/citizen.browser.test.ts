import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, openPage, startHarness, type Harness } from './server.ts'

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
const PHONE = { width: 375, height: 740, mobile: true }

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
})

afterAll(async () => {
  await harness?.close()
})

async function send(page: Page, text: string): Promise<void> {
  const before = await page.getByTestId('chat-message').count()
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-input').press('Enter')
  // the citizen's bubble, then the answer
  await expect.poll(() => page.getByTestId('chat-message').count()).toBe(before + 2)
}

/** What the phone shows now, scrolled to the end of the conversation. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await page.waitForTimeout(400) // smooth scrolling
  await page.screenshot({ path: join(ARTIFACTS, name) })
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(375)
}

describe('citizen chat and status pages', () => {
  let ticketNumber = ''
  let accessCode = ''

  it('serves the chat page with the CSP, no inline script or style, and hashed local assets', async () => {
    const res = await fetch(`${harness.baseUrl}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    expect(html).not.toMatch(/https?:\/\//)
    const script = /<script src="(\/assets\/chat\.[0-9a-f]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${harness.baseUrl}${script}`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(asset.headers.get('content-encoding')).toBe('gzip')
    expect((await fetch(`${harness.baseUrl}/assets/nope.js`)).status).toBe(404)
  })

  it('asks which kind of shop for an ambiguous complaint, takes a suggested answer and ends on a 县工商局 card with a ticket', async () => {
    const { context, page, problems } = await openPage(harness, PHONE)
    await page.goto('/')
    await expect.poll(() => page.getByTestId('chat-message').first().textContent()).toContain('产品质量')
    await shoot(page, 'chat-greeting-375.png')

    await send(page, '我的鞋子穿了三天就开胶了')
    const suggestions = page.getByTestId('chat-suggestion')
    expect(await suggestions.count()).toBeGreaterThanOrEqual(2)
    expect(await suggestions.count()).toBeLessThanOrEqual(4)
    await shoot(page, 'chat-question-375.png')
    await noHorizontalOverflow(page)

    await page.getByTestId('chat-suggestion').filter({ hasText: '在商店或商场买的' }).click()
    const card = page.getByTestId('routing-card')
    await card.waitFor()
    expect(await card.getByTestId('routing-department').textContent()).toBe('县工商局')
    ticketNumber = (await card.getByTestId('ticket-number').textContent()) ?? ''
    accessCode = (await card.getByTestId('ticket-access-code').textContent()) ?? ''
    expect(ticketNumber).toMatch(/^\d{8}-\d{4,}$/)
    expect(accessCode.length).toBeGreaterThan(3)
    // the answered question's buttons are retired
    expect(await page.getByTestId('chat-suggestion').first().isDisabled()).toBe(true)
    // the legal basis is quoted, with the full text and the worked case behind <details>
    expect(await card.locator('details summary').textContent()).toContain('依据全文')
    await card.locator('details summary').click()
    expect(await card.locator('details').textContent()).toContain('案例')
    await noHorizontalOverflow(page)
    await shoot(page, 'chat-conversation-375.png')
    // the whole card, without the sticky header and input bar drawn over it
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('.topbar, .composer').forEach((el) => (el.hidden = true)))
    await card.screenshot({ path: join(ARTIFACTS, 'chat-card-375.png') })
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('.topbar, .composer').forEach((el) => (el.hidden = false)))

    // copy falls back to execCommand on plain http; either way the page says what happened
    await card.getByTestId('ticket-copy').click()
    await expect.poll(() => card.locator('.copy-status').textContent()).not.toBe('')

    // a reload (a phone dropping the tab) brings the conversation back from the session
    await page.reload()
    await page.getByTestId('routing-card').waitFor()
    expect(await page.getByTestId('ticket-number').textContent()).toBe(ticketNumber)
    expect(await page.locator('.msg-me').first().textContent()).toBe('我的鞋子穿了三天就开胶了')

    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })

  it('shows that ticket on /status with its status and department in Chinese', async () => {
    expect(ticketNumber).not.toBe('')
    const { context, page, problems } = await openPage(harness, PHONE)
    await page.goto(`/status?number=${encodeURIComponent(ticketNumber)}`)
    expect(await page.getByTestId('status-number').inputValue()).toBe(ticketNumber)
    await page.getByTestId('status-code').fill('WRONG1')
    await page.getByTestId('status-submit').click()
    await expect.poll(() => page.locator('#status-result').textContent()).toContain('没有查到')

    await page.getByTestId('status-code').fill(accessCode)
    await page.getByTestId('status-code').press('Enter')
    await page.getByTestId('status-card').waitFor()
    expect(await page.getByTestId('status-value').textContent()).toBe('待处理')
    expect(await page.getByTestId('status-department').textContent()).toBe('县工商局')
    await noHorizontalOverflow(page)
    await page.screenshot({ path: join(ARTIFACTS, 'status-375.png') })
    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })

  it('puts the danger advice first, big and red with tel: links, then routes a trapped-lift call to the bureau with its phone', async () => {
    const { context, page, problems } = await openPage(harness, PHONE)
    await page.goto('/')
    await send(page, '电梯困人了')
    const answer = page.getByTestId('chat-message').last()
    const danger = answer.getByTestId('danger')
    await danger.waitFor()
    expect(await answer.locator('a[href="tel:119"]').count()).toBeGreaterThan(0)
    // danger comes before everything else in the answer
    expect(await answer.evaluate((li) => li.firstElementChild?.getAttribute('data-testid'))).toBe('danger')
    const color = await danger.evaluate((el) => getComputedStyle(el).color)
    expect(color).toBe('rgb(179, 38, 30)')
    const card = answer.getByTestId('routing-card')
    expect(await card.getByTestId('routing-department').textContent()).toBe('县质监局')
    expect(await card.locator('a[href="tel:63823756"]').count()).toBeGreaterThan(0)
    await noHorizontalOverflow(page)
    await danger.scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, -120))
    await page.waitForTimeout(400)
    await page.screenshot({ path: join(ARTIFACTS, 'chat-danger-375.png') })
    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })

  it('says plainly when a complaint is out of scope and offers 12345', async () => {
    const { context, page } = await openPage(harness, PHONE)
    await page.goto('/')
    await send(page, '楼上装修噪音太大')
    const card = page.getByTestId('routing-card')
    await card.waitFor()
    expect(await card.textContent()).toContain('12345')
    expect(await card.locator('a[href="tel:12345"]').count()).toBeGreaterThan(0)
    await context.close()
  })

  it('shows a complaint holding markup as characters and runs none of it', async () => {
    const { context, page, problems } = await openPage(harness, PHONE)
    await page.goto('/')
    await send(page, XSS)
    const mine = page.locator('.msg-me').last()
    expect(await mine.textContent()).toBe(XSS)
    expect(await page.locator('#log img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await noHorizontalOverflow(page)
    expect(problems.pageErrors).toEqual([])
    await context.close()
  })
})
