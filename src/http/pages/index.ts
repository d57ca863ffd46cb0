import { Hono } from 'hono'
import type { AppDeps } from '../deps.ts'

/**
 * The pages people use: the citizen chat (`/`), the status page (`/status`), the operator
 * console (`/console`, `/console/stats`) and their static assets. Mounted by `createApp`.
 * (Placeholder: the web UI engineer fills this in.)
 */
export function createPagesApp(_deps: AppDeps): Hono {
  return new Hono()
}
