import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/support/postgres-server.ts';

// The integration suite runs on embedded PGlite, and again on a real PostgreSQL server whenever the
// server binaries are present (always in CI: .ci/run installs them, and CI=true makes their absence an error).
const withPostgres = Boolean(process.env.CI || process.env.RIGHTSDESK_TEST_DATABASE_URL || findPostgresBin());

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'pglite', include: ['test/integration/**/*.test.ts'], env: { RIGHTSDESK_TEST_DB: 'pglite' } },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/integration/**/*.test.ts'],
                env: { RIGHTSDESK_TEST_DB: 'postgres' },
                globalSetup: ['test/support/global-postgres.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
