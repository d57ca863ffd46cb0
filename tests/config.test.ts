import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.ts'

function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('uses the defaults for an empty environment: port 3000 on all interfaces, embedded database in ./data', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: './data',
      logLevel: 'info',
      operatorTokens: [],
      knowledgeDir: undefined,
    })
  })

  it('reads every variable it knows and ignores the rest', () => {
    const config = parseConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://user:secret@db.internal:5432/complaints',
      DATA_DIR: '/var/lib/complaint-router',
      LOG_LEVEL: 'debug',
      OPERATOR_TOKENS: ' token-one , token-two,,',
      KNOWLEDGE_DIR: './knowledge',
      UNRELATED: 'x',
    })
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://user:secret@db.internal:5432/complaints',
      dataDir: '/var/lib/complaint-router',
      logLevel: 'debug',
      operatorTokens: ['token-one', 'token-two'],
      knowledgeDir: './knowledge',
    })
  })

  it('treats empty values as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: ' ', OPERATOR_TOKENS: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      operatorTokens: [],
    })
  })

  it('names PORT and quotes the value when PORT is not a port number', () => {
    expect(configErrorOf({ PORT: 'abc' }).message).toBe('PORT: must be an integer between 1 and 65535, got "abc"')
    expect(configErrorOf({ PORT: '70000' }).message).toMatch(/^PORT: /)
    expect(configErrorOf({ PORT: '3000.5' }).message).toMatch(/^PORT: /)
  })

  it('lists every invalid variable, one per line', () => {
    const lines = configErrorOf({ PORT: '0', LOG_LEVEL: 'loud' }).message.split('\n')
    expect(lines).toEqual([
      'PORT: must be an integer between 1 and 65535, got "0"',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ])
  })

  it('rejects a DATABASE_URL that is not PostgreSQL without echoing it', () => {
    const message = configErrorOf({ DATABASE_URL: 'mysql://root:hunter2@localhost/db' }).message
    expect(message).toMatch(/^DATABASE_URL: must be a postgres:\/\//)
    expect(message).not.toContain('hunter2')
  })
})
