import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      // RLS at the SQL and PostgREST layers (the app-level matrices run in the security suite).
      'tests/rls/**/*.test.ts',
      'tools/db/**/*.test.ts',
      '.github/**/*.test.ts',
      'tools/local-stack/**/*.test.ts',
      'drizzle/**/*.test.ts',
      'tools/doctor/**/*.test.ts',
      // A smoke run of the RLS benchmarks on small data (the full `npm run bench` is separate).
      'tools/bench/**/*.test.ts',
    ],
    // Installs and builds apps on other Clerk SDK versions: `npm run test:sdk-compat`.
    exclude: [
      ...configDefaults.exclude,
      'tools/local-stack/clerk-emulator/sdk-fixtures/**',
      'tests/rls/rls-matrix*.test.ts',
    ],
    globalSetup: ['./tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Real processes and databases: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
});
