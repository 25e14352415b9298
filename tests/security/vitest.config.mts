import { defineConfig } from 'vitest/config';

// The security and reliability suite: one app (next build + next start + local stack) started by the
// global setup and shared by every file; files run one after another (outages would disturb the rest).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    // The security suite, and the RLS matrices that drive the app under test as well.
    include: ['tests/security/**/*.test.ts', 'tests/rls/rls-matrix*.test.ts'],
    globalSetup: ['./tests/security/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
  resolve: { alias: { '@': new URL('../../src', import.meta.url).pathname } },
});
