import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { escapeHtml, html } from '../../src/http/pages/html.ts'
import { createPagesApp } from '../../src/http/pages/index.ts'
import { testEngine } from '../http/deps.ts'

// Fast checks of the pages sub-app without a browser (the browser suites drive the pages themselves).
const app = createPagesApp({ knowledge: testEngine().knowledge })
const PAGES = ['/', '/status', '/console', '/console/stats']

async function page(path: string): Promise<string> {
  const res = await app.request(path)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(res.headers.get('cache-control')).toBe('no-cache')
  return res.text()
}

describe('pages sub-app', () => {
  it.each(PAGES)('serves %s with no inline script, style or event attribute, and nothing from another host', async (path) => {
    const body = await page(path)
    expect(body).toMatch(/^<!doctype html>/)
    expect(body).toContain('<html lang="zh-CN">')
    expect(body).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)/)
    expect(body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    expect(body).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('serves every script and stylesheet a page names, with its content type and a year-long immutable cache', async () => {
    for (const path of PAGES) {
      const body = await page(path)
      for (const [, url] of body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        const res = await app.request(url!)
        expect(res.status, url).toBe(200)
        expect(res.headers.get('content-type')).toMatch(url!.endsWith('.css') ? /^text\/css/ : /^text\/javascript/)
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        const immutable = /\.[0-9a-f]{10}\.(js|css)$/.test(url!)
        expect(res.headers.get('cache-control')).toBe(immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
      }
    }
  })

  it('serves ECharts from the local package at /assets/vendor/echarts.min.js, gzipped when the client accepts it', async () => {
    const plain = await app.request('/assets/vendor/echarts.min.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    const text = await plain.text()
    expect(text.length).toBeGreaterThan(500_000)
    const zipped = await app.request('/assets/vendor/echarts.min.js', { headers: { 'Accept-Encoding': 'gzip, br' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding')
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(text)
  })

  it('answers 404 for an asset that does not exist', async () => {
    expect((await app.request('/assets/chat.0000000000.js')).status).toBe(404)
    expect((await app.request('/assets/../package.json')).status).toBe(404)
  })

  it('lists the ten departments in the console, from knowledge', async () => {
    const body = await page('/console')
    const template = /<template id="department-options">([\s\S]*?)<\/template>/.exec(body)?.[1] ?? ''
    const names = [...template.matchAll(/<option value="[^"]+">([^<]+)<\/option>/g)].map((m) => m[1])
    expect(names).toEqual(['县质监局', '县工商局', '县食药监局', '县公安局', '县安监局', '县农业局', '县交通局', '县住建局', '县发改委', '县工信局'])
  })

  it('escapes every interpolation in the HTML templates', () => {
    const evil = `"><script>alert(1)</script>'`
    expect(html`<option value="${evil}">${evil}</option>`.value).toBe(
      '<option value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;</option>',
    )
    expect(escapeHtml('a&b')).toBe('a&amp;b')
    // markup made by html`` nests without double escaping
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>')
  })
})
