import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const integration = (name: string, db: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include: ['{apps,packages}/*/src/**/*.int.test.ts'],
    env: { AISTUDIO_TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// Integration tests run against PGlite always, and against PostgreSQL too when TEST_DATABASE_URL is set.
const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'unit',
      include: ['{apps,packages}/*/src/**/*.test.ts'],
      exclude: ['**/*.int.test.ts'],
    },
  },
  integration('int-pglite', 'pglite'),
];
if (process.env.TEST_DATABASE_URL) projects.push(integration('int-postgres', 'postgres'));

export default defineConfig({
  resolve: { conditions: ['@aistudio/source'] },
  ssr: { resolve: { conditions: ['@aistudio/source'] } },
  test: { projects, pool: 'forks' },
});
