import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.int.test.ts', 'tests/**/*.browser.test.ts'],
        },
      },
      {
        // Database-backed suites: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
        test: {
          name: 'int',
          include: ['tests/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real browser (Debian chromium via playwright-core) against the real app on loopback.
        test: {
          name: 'browser',
          include: ['tests/**/*.browser.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
