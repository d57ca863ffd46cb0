import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { buildSync } from 'esbuild'

/** One file the pages load, held in memory with its gzip twin. */
export type Asset = {
  /** the URL the HTML uses, with a content hash: `/assets/chat.3f9a1c2b.js` */
  url: string
  body: Uint8Array
  gzip: Uint8Array
  contentType: string
  /** hashed URLs never change content, so they may be cached for a year */
  immutable: boolean
}

/** Every asset by its short name (`chat.js`, `citizen.css`, `echarts.js`), and by URL path. */
export type AssetBundle = {
  byName: ReadonlyMap<string, Asset>
  byPath: ReadonlyMap<string, Asset>
}

const HERE = dirname(fileURLToPath(import.meta.url))
/** Browser entry points under `client/`, one bundle each. */
export const CLIENT_ENTRIES = ['chat', 'status', 'console', 'stats'] as const
/** Stylesheets under `assets/`. */
export const STYLESHEETS = ['citizen.css', 'console.css'] as const
const ECHARTS_URL = '/assets/vendor/echarts.min.js'

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}

function makeAsset(name: string, body: Uint8Array, options: { url?: string } = {}): Asset {
  const ext = extname(name)
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10)
  return {
    url: options.url ?? `/assets/${basename(name, ext)}.${hash}${ext}`,
    body,
    gzip: gzipSync(body, { level: 9 }),
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    immutable: options.url === undefined,
  }
}

/**
 * Bundles the client TypeScript with esbuild (minified IIFEs for ES2020) and reads
 * the CSS and the local ECharts build, all once, into memory.
 * Takes ~100 ms; {@link getAssets} memoises it per process.
 */
export function buildAssets(): AssetBundle {
  const result = buildSync({
    entryPoints: CLIENT_ENTRIES.map((name) => join(HERE, 'client', `${name}.ts`)),
    outdir: join(HERE, 'out'),
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  })
  const byName = new Map<string, Asset>()
  for (const file of result.outputFiles) byName.set(basename(file.path), makeAsset(basename(file.path), file.contents))
  // Each page gets one stylesheet: the shared theme (colours, fonts) followed by its own rules.
  const theme = readFileSync(join(HERE, 'assets', 'theme.css'))
  for (const sheet of STYLESHEETS) {
    byName.set(sheet, makeAsset(sheet, Buffer.concat([theme, readFileSync(join(HERE, 'assets', sheet))])))
  }
  const echartsPath = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js')
  byName.set('echarts.js', makeAsset('echarts.min.js', readFileSync(echartsPath), { url: ECHARTS_URL }))
  const byPath = new Map([...byName.values()].map((asset) => [asset.url, asset]))
  return { byName, byPath }
}

let cached: AssetBundle | undefined

/** The assets, built on first use and then shared by every app in the process. */
export function getAssets(): AssetBundle {
  cached ??= buildAssets()
  return cached
}

/** The URL of an asset by short name; throws for a name that was not built (a bug). */
export function assetUrl(bundle: AssetBundle, name: string): string {
  const asset = bundle.byName.get(name)
  if (!asset) throw new Error(`unknown asset ${name}`)
  return asset.url
}
