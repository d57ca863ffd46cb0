import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Dependencies point one way (STYLE.md): http → {dialogue, tickets, routing} → knowledge.
 * The routing engine stays pure: no Hono, no database, no environment, no clock.
 */
const SRC = new URL('../src/', import.meta.url).pathname

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })
}

const sources = filesUnder(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))
const importsOf = (text: string) => [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!)

describe('architecture', () => {
  const engine = sources.filter((s) => s.path.startsWith('routing/') && s.path !== 'routing/langchain-retriever.ts')

  it('keeps the routing engine free of Hono, drizzle, postgres, PGlite and LangChain', () => {
    const offenders = engine.flatMap((s) =>
      importsOf(s.text)
        .filter((i) => /^(hono|@hono\/|drizzle-orm|postgres|@electric-sql\/|@langchain\/)/.test(i))
        .map((i) => `${s.path} imports ${i}`),
    )
    expect(offenders).toEqual([])
  })

  it('keeps the routing engine free of the environment and the clock', () => {
    const offenders = engine.filter((s) => /process\.env|Date\.now\(|new Date\(/.test(s.text)).map((s) => s.path)
    expect(offenders).toEqual([])
  })

  it('lets only src/db, src/tickets and src/chat import drizzle', () => {
    const offenders = sources
      .filter((s) => !/^(db|tickets|chat)\//.test(s.path))
      .filter((s) => importsOf(s.text).some((i) => i.startsWith('drizzle-orm')))
      .map((s) => s.path)
    expect(offenders).toEqual([])
  })

  it('lets only src/http import Hono', () => {
    const offenders = sources
      .filter((s) => !s.path.startsWith('http/') && s.path !== 'main.ts')
      .filter((s) => importsOf(s.text).some((i) => i === 'hono' || i.startsWith('hono/') || i.startsWith('@hono/')))
      .map((s) => s.path)
    expect(offenders).toEqual([])
  })

  it('reads process.env only at start-up and in the command-line tools', () => {
    const offenders = sources
      .filter((s) => !/^(main\.ts|cli\/)/.test(s.path))
      .filter((s) => /^(?!\s*(\*|\/\/)).*process\.env/m.test(s.text))
      .map((s) => s.path)
    expect(offenders).toEqual([])
  })
})
