import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { DbHandle } from '../../src/db/client.ts'
import { createApp } from '../../src/http/app.ts'
import { createTestDb } from '../helpers/db.ts'
import { TOKEN, testDeps } from '../http/deps.ts'

/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts')

export const OPERATOR_TOKEN = TOKEN

/** Debian's chromium; CI installs it with `apt-get install chromium fonts-noto-cjk`. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export type Harness = {
  baseUrl: string
  browser: Browser
  close(): Promise<void>
}

/**
 * The real app on a loopback port (fresh PGlite database, real knowledge and
 * engine, no rate limit) and a headless chromium.
 */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`)
  }
  mkdirSync(ARTIFACTS, { recursive: true })
  const db: DbHandle = await createTestDb()
  // The real clock: the pages show times, and ticket numbers carry today's date.
  const app = createApp(testDeps(db, { now: () => new Date() }))
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await db.close()
    },
  }
}

/** What went wrong in a page: uncaught script errors, CSP violations, other console errors. */
export type PageProblems = { pageErrors: string[]; csp: string[]; console: string[] }

/**
 * A page that records script errors, failed requests to the service and CSP
 * violations, so a test can assert there were none.
 */
export async function openPage(
  harness: Harness,
  options: { width: number; height: number; mobile?: boolean },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await harness.browser.newContext({
    viewport: { width: options.width, height: options.height },
    deviceScaleFactor: options.mobile ? 2 : 1,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: harness.baseUrl,
  })
  const page = await context.newPage()
  const problems: PageProblems = { pageErrors: [], csp: [], console: [] }
  page.on('pageerror', (error) => problems.pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const text = message.text()
    if (/Content Security Policy/i.test(text)) problems.csp.push(text)
    else problems.console.push(text)
  })
  return { context, page, problems }
}
