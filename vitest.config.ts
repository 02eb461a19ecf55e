import { defineConfig } from 'vitest/config';

/**
 * Test tiers (CONVENTIONS.md): unit (*.test.ts, pure), db (*.db.test.ts), web (*.web.test.ts)
 * and browser (e2e/*.spec.ts). db and web tests run on PGlite, and on PostgreSQL too when
 * TEST_DATABASE_URL is set.
 */
export default defineConfig({
  test: {
    env: { TZ: 'Europe/London' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/*.web.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: 'db', include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'web', include: ['src/**/*.web.test.ts', 'test/**/*.web.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.spec.ts'], fileParallelism: false, testTimeout: 120_000 },
      },
    ],
  },
});
