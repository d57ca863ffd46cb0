import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname

function runRoute(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/route.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { stdout: result.stdout, stderr: result.stderr, status: result.status }
}

describe('npm run route -- --jsonl', () => {
  it('answers every line in order, with an error line for bad input, and only JSON on stdout', () => {
    const input = [
      JSON.stringify({ id: 'a', text: '在超市买的电饭煲用了三天就坏了' }),
      '{not json',
      JSON.stringify({ id: 'b', text: '' }),
      JSON.stringify({ id: 'c', turns: ['我的鞋子穿了三天就开胶了', '在网上买的'] }),
      JSON.stringify({ id: 'd', text: '我的鞋子穿了三天就开胶了' }),
      JSON.stringify({ id: 'e', text: '楼下广场舞太吵了' }),
    ].join('\n')
    const { stdout, status } = runRoute(['--jsonl'], `${input}\n`)
    expect(status).toBe(0)
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'b', 'c', 'd', 'e'])
    expect(lines[0]).toMatchObject({ department: '县工商局', needsClarification: false, outOfScope: false, redirect: null })
    expect(lines[1]!.error).toMatch(/line 2: not valid JSON/)
    expect(lines[2]!.error).toMatch(/text/)
    expect(lines[3]).toMatchObject({ department: '县工商局' })
    expect(lines[4]).toMatchObject({ department: null, needsClarification: true })
    expect((lines[4]!.suggestions as string[]).length).toBeGreaterThanOrEqual(2)
    expect(lines[5]).toMatchObject({ department: null, outOfScope: true, redirect: '12345' })
    for (const key of ['matter', 'coResponsible', 'question', 'confidence', 'citations', 'firedRules']) expect(lines[0]).toHaveProperty(key)
  })

  it('prints a decision a person can read, with the department, the reason and the citations', () => {
    const { stdout, status } = runRoute(['小区电梯困人了，里面有老人'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/119/)
    expect(stdout).toMatch(/处理部门：县质监局/)
    expect(stdout).toMatch(/duty-07\.1/)
  })
})
