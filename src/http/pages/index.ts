import { Hono, type Context } from 'hono'
import type { AppDeps } from '../deps.ts'
import { assetUrl, getAssets, type Asset, type AssetBundle } from './assets.ts'
import { chatPage, consolePage, statsPage, statusPage, type MatterGroup } from './html.ts'

/** Short cache for files without a content hash in their URL (the vendored ECharts). */
const SHORT_MAX_AGE = 3600

type Pages = { chat: string; status: string; console: string; stats: string }

function renderPages(deps: Pick<AppDeps, 'knowledge'>, bundle: AssetBundle): Pages {
  const url = (name: string) => assetUrl(bundle, name)
  const citizenCss = url('citizen.css')
  const consoleCss = url('console.css')
  const { knowledge } = deps
  const matters: MatterGroup[] = [
    { label: '职责边界', items: knowledge.matters.map((m) => ({ id: m.id, name: m.name })) },
    { label: '部门职责', items: knowledge.duties.map((d) => ({ id: d.id, name: d.title })) },
    { label: '事中事后监管', items: knowledge.regimes.map((r) => ({ id: r.id, name: r.title })) },
    { label: '公共服务', items: knowledge.services.map((s) => ({ id: s.id, name: s.name })) },
  ]
  return {
    chat: chatPage({ css: citizenCss, js: url('chat.js') }),
    status: statusPage({ css: citizenCss, js: url('status.js') }),
    console: consolePage(
      { css: consoleCss, js: url('console.js') },
      { departments: knowledge.departments.map((d) => ({ id: d.id, name: d.name })), matters },
    ),
    stats: statsPage({ css: consoleCss, js: url('stats.js'), echarts: url('echarts.js') }, { matters }),
  }
}

function sendHtml(c: Context, body: string): Response {
  c.header('Content-Type', 'text/html; charset=utf-8')
  // Pages name their assets by hash, so a fresh page always loads fresh assets.
  c.header('Cache-Control', 'no-cache')
  c.header('X-Content-Type-Options', 'nosniff')
  return c.body(body)
}

function sendAsset(c: Context, asset: Asset): Response {
  const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')
  c.header('Content-Type', asset.contentType)
  c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : `public, max-age=${SHORT_MAX_AGE}`)
  c.header('Vary', 'Accept-Encoding')
  c.header('X-Content-Type-Options', 'nosniff')
  if (gzip) c.header('Content-Encoding', 'gzip')
  const body = gzip ? asset.gzip : asset.body
  return c.body(new Uint8Array(body))
}

/**
 * The pages people use: the citizen chat (`/`), the status page (`/status`), the operator
 * console (`/console`, `/console/stats`) and their assets under `/assets/`. Mounted at `/` by `createApp`.
 *
 * The client TypeScript (`client/*.ts`) is bundled by esbuild and the CSS and the local ECharts
 * build are read into memory on the first page or asset request, once per process; assets
 * are served from memory (gzip when accepted) under content-hashed URLs.
 *
 * @example
 * const res = await createPagesApp(deps).request('/')
 * res.headers.get('content-type') // 'text/html; charset=utf-8'
 */
export function createPagesApp(deps: Pick<AppDeps, 'knowledge'>): Hono {
  const app = new Hono()
  let pages: Pages | undefined
  const getPages = () => (pages ??= renderPages(deps, getAssets()))

  app.get('/', (c) => sendHtml(c, getPages().chat))
  app.get('/status', (c) => sendHtml(c, getPages().status))
  app.get('/console', (c) => sendHtml(c, getPages().console))
  app.get('/console/', (c) => c.redirect('/console', 301))
  app.get('/console/stats', (c) => sendHtml(c, getPages().stats))
  app.get('/assets/*', (c) => {
    const asset = getAssets().byPath.get(c.req.path)
    if (!asset) return c.notFound()
    return sendAsset(c, asset)
  })
  return app
}
