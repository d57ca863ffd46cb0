import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { AppError } from '../../errors.ts'

const digest = (token: string) => createHash('sha256').update(token).digest()

/**
 * Requires `Authorization: Bearer <token>` with one of `tokens` (compared in
 * constant time via their sha256). Sets `actor` to `operator:<first 8 hex of
 * the token's hash>`, so events say who acted without storing the token.
 * With no tokens configured every request is refused.
 *
 * @example
 * tickets.use('*', operatorAuth(config.operatorTokens))
 */
export function operatorAuth(tokens: readonly string[]): MiddlewareHandler<{ Variables: { actor: string } }> {
  const digests = tokens.map(digest)
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)
    if (match === null) throw new AppError('unauthorized', 'this endpoint is for operators: send Authorization: Bearer <token>')
    const given = digest(match[1] ?? '')
    let ok = false
    // No early exit: the time taken does not depend on which token matched.
    for (const expected of digests) ok = timingSafeEqual(given, expected) || ok
    if (!ok) throw new AppError('unauthorized', 'the operator token is not valid')
    c.set('actor', `operator:${given.toString('hex').slice(0, 8)}`)
    await next()
  }
}
