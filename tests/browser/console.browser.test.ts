import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, OPERATOR_TOKEN, openPage, startHarness, type Harness } from './server.ts'

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
const DESKTOP = { width: 1280, height: 900 }

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
})

afterAll(async () => {
  await harness?.close()
})

async function logIn(page: Page, token = OPERATOR_TOKEN): Promise<void> {
  const input = page.locator('input[type="password"]')
  await input.waitFor()
  await input.fill(token)
  await input.press('Enter')
}

async function suggest(page: Page, text: string): Promise<void> {
  await page.getByTestId('console-input').fill(text)
  await page.getByTestId('console-input').press('Control+Enter')
  await page.getByTestId('console-department').waitFor()
}

describe('operator console', () => {
  it('refuses a wrong token with a message and logs in with the right one, by Enter', async () => {
    const { context, page, problems } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page, 'not-the-token')
    await expect.poll(() => page.locator('#login-message').textContent()).toContain('令牌不正确')
    await logIn(page)
    await page.getByTestId('console-input').waitFor({ state: 'visible' })
    expect(await page.evaluate(() => sessionStorage.getItem('cr.operator.token'))).toBe(OPERATOR_TOKEN)
    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })

  it('shows the suggestion at a glance, then files an override with its reason, which the timeline shows', async () => {
    const { context, page, problems } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page)
    await suggest(page, '超市卖的鞋子穿了三天就开胶了，在商店买的')
    expect(await page.getByTestId('console-department').textContent()).toBe('县工商局')
    expect(await page.locator('.sugg-conf').textContent()).toMatch(/置信度 \d+%/)
    expect((await page.getByTestId('console-script').textContent())?.length).toBeGreaterThan(5)
    const evidence = page.locator('#evidence')
    expect(await evidence.textContent()).toContain('职责边界登记表')
    expect(await evidence.textContent()).toContain('案例')
    await page.screenshot({ path: join(ARTIFACTS, 'console-suggestion-1280.png'), fullPage: true })

    // an override needs a reason
    await page.getByTestId('console-override-department').selectOption({ label: '县质监局' })
    await page.getByTestId('console-override').click()
    await expect.poll(() => page.locator('.ticket-result').textContent()).toContain('理由')
    await page.getByTestId('console-override-reason').fill('来电人说是本县鞋厂生产的批次问题')
    await page.getByTestId('console-override').click()
    const link = page.getByTestId('console-ticket-number')
    await link.waitFor()
    expect(await page.locator('.created').textContent()).toContain('县质监局')
    await link.click()
    const timeline = page.locator('.timeline')
    await timeline.waitFor()
    await expect.poll(() => timeline.textContent()).toContain('来电人说是本县鞋厂生产的批次问题')
    expect(await timeline.textContent()).toContain('人工改派')
    expect(await page.getByTestId('ticket-department').textContent()).toBe('县质监局')

    // reroute, then close, each with a reason
    await page.locator('#event-kind').selectOption('reroute')
    await page.locator('#event-department').selectOption({ label: '县工商局' })
    await page.locator('#event-reason').fill('核实后确为商场销售环节')
    await page.locator('#event-reason').press('Enter')
    await expect.poll(() => timeline.textContent()).toContain('核实后确为商场销售环节')
    await page.locator('#event-kind').selectOption('close')
    await page.locator('#event-reason').fill('已转告来电人')
    await page.locator('#event-reason').press('Enter')
    await expect.poll(() => page.locator('.ticket-view h2').textContent()).toContain('已办结')
    await page.screenshot({ path: join(ARTIFACTS, 'console-ticket-1280.png'), fullPage: true })
    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })

  it('confirms a suggestion into a ticket with the caller\'s details and finds it in the list by search', async () => {
    const { context, page } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page)
    await suggest(page, '电梯困人了')
    expect(await page.getByTestId('console-department').textContent()).toBe('县质监局')
    expect(await page.locator('.suggestion .danger').textContent()).toContain('119')
    await page.locator('#caller-name').fill('王先生')
    await page.locator('#caller-phone').fill('13800000000')
    await page.getByTestId('console-confirm').click()
    await page.getByTestId('console-ticket-number').waitFor()
    const number = await page.getByTestId('console-ticket-number').textContent()
    expect(number).toMatch(/^\d{8}-\d{4,}$/)
    await page.goto('/console#/tickets')
    await page.getByTestId('ticket-row').first().waitFor()
    await page.getByTestId('ticket-search').fill('电梯困人')
    await page.getByTestId('ticket-search').press('Enter')
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBe(1)
    expect(await page.getByTestId('ticket-row').first().textContent()).toContain(number ?? '')
    await page.screenshot({ path: join(ARTIFACTS, 'console-tickets-1280.png'), fullPage: true })
    await context.close()
  })

  it('shows the clarifying question with its answers; picking one adds it to the text and suggests again', async () => {
    const { context, page } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page)
    await suggest(page, '我的鞋子穿了三天就开胶了')
    expect(await page.getByTestId('console-department').textContent()).toBe('待定')
    expect(await page.getByTestId('console-confirm').isDisabled()).toBe(true)
    await page.locator('.ask-options button').filter({ hasText: '在商店或商场买的' }).click()
    await expect.poll(() => page.getByTestId('console-department').textContent()).toBe('县工商局')
    expect(await page.getByTestId('console-input').inputValue()).toBe('我的鞋子穿了三天就开胶了\n在商店或商场买的')
    await context.close()
  })

  it('shows a complaint holding markup as characters in the console and runs none of it', async () => {
    const { context, page, problems } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page)
    await suggest(page, XSS)
    await page.getByTestId('console-override-department').selectOption({ label: '县质监局' })
    await page.getByTestId('console-override-reason').fill('测试')
    await page.getByTestId('console-override').click()
    await page.getByTestId('console-ticket-number').click()
    const complaint = page.getByTestId('ticket-complaint')
    await complaint.waitFor()
    expect(await complaint.textContent()).toBe(XSS)
    expect(await page.locator('main img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(problems.pageErrors).toEqual([])
    await context.close()
  })

  it('sends a refused token back to the login with a message', async () => {
    const { context, page } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    // a token that was good once and has since been revoked: checked as the console opens
    await page.evaluate(() => sessionStorage.setItem('cr.operator.token', 'revoked-token'))
    await page.reload()
    await expect.poll(() => page.locator('#login-message').textContent()).toContain('重新输入')
    expect(await page.locator('#login-view').isVisible()).toBe(true)
    await context.close()
  })

  it('draws the dashboard with the local ECharts: tickets by department, matter, day, channel and the override rate', async () => {
    const { context, page, problems } = await openPage(harness, DESKTOP)
    await page.goto('/console')
    await logIn(page)
    await page.getByTestId('console-input').waitFor({ state: 'visible' })
    await page.goto('/console/stats')
    await expect.poll(() => page.getByTestId('stats-total').textContent()).toMatch(/^\d+$/)
    expect(Number(await page.getByTestId('stats-total').textContent())).toBeGreaterThanOrEqual(1)
    for (const id of ['chart-department', 'chart-matter', 'chart-day', 'chart-channel', 'chart-override']) {
      expect(await page.locator(`#${id} canvas`).count()).toBeGreaterThan(0)
    }
    const scripts = await page.evaluate(() => Array.from(document.scripts).map((s) => s.src))
    expect(scripts.some((src) => src.endsWith('/assets/vendor/echarts.min.js'))).toBe(true)
    await page.waitForTimeout(1200) // let the chart animations finish
    await page.screenshot({ path: join(ARTIFACTS, 'console-stats-1280.png'), fullPage: true })
    expect(problems.pageErrors).toEqual([])
    expect(problems.csp).toEqual([])
    await context.close()
  })
})
