// The slow SDK-compatibility suite (`npm run test:sdk-compat`): kept out of the default `vitest run`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../../..', import.meta.url).pathname,
    include: ['tools/local-stack/clerk-emulator/sdk-fixtures/*.test.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
