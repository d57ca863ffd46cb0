import { z } from 'zod'

/**
 * Service configuration, parsed once from the environment at start-up and passed
 * down as a value. Nothing else reads `process.env`.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Raised when the environment holds an invalid value; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** Adds one plain-words issue, quoting what was given, and drops the value. */
function reject(ctx: z.core.$RefinementCtx, value: string, message: string): never {
  ctx.issues.push({ code: 'custom', input: value, message: `${message}, got ${JSON.stringify(value)}` })
  return z.NEVER
}

const Port = z
  .string()
  .default('3000')
  .transform((value, ctx) => {
    const port = /^\d+$/.test(value) ? Number(value) : Number.NaN
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return reject(ctx, value, 'must be an integer between 1 and 65535')
    }
    return port
  })

const DatabaseUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined
    if (!/^postgres(ql)?:\/\/./.test(value)) {
      // Quote only the scheme: the rest of a URL may hold a password.
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0] ?? ''
      return reject(ctx, `${scheme}...`, 'must be a postgres:// or postgresql:// URL (leave it unset to use the embedded database)')
    }
    return value
  })

const LogLevel = z
  .string()
  .default('info')
  .transform((value, ctx) => {
    const level = value.toLowerCase()
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
      return reject(ctx, value, `must be one of ${LOG_LEVELS.join(', ')}`)
    }
    return level as (typeof LOG_LEVELS)[number]
  })

const OperatorTokens = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0),
  )

const EnvSchema = z.object({
  PORT: Port,
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: DatabaseUrl,
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: LogLevel,
  OPERATOR_TOKENS: OperatorTokens,
  KNOWLEDGE_DIR: z.string().optional(),
})

/** What the service runs with. */
export const Config = EnvSchema.transform((env) => ({
  port: env.PORT,
  host: env.HOST,
  /** Absent: the embedded PGlite database in {@link Config.dataDir}. */
  databaseUrl: env.DATABASE_URL,
  dataDir: env.DATA_DIR,
  logLevel: env.LOG_LEVEL,
  operatorTokens: env.OPERATOR_TOKENS,
  /** Absent: the knowledge loader's default folder. */
  knowledgeDir: env.KNOWLEDGE_DIR,
}))
export type Config = z.infer<typeof Config>

/**
 * Parses the environment into a {@link Config}. Empty values count as unset.
 * Throws a {@link ConfigError} listing every invalid variable, one per line.
 *
 * @example
 * const config = parseConfig(process.env) // in src/main.ts only
 * parseConfig({ PORT: 'abc' }) // throws ConfigError: PORT: must be an integer between 1 and 65535, got "abc"
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string | undefined> = {}
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = env[key]?.trim()
    cleaned[key] = value === undefined || value === '' ? undefined : value
  }
  const result = Config.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)
    throw new ConfigError(lines.join('\n'))
  }
  return result.data
}
