import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium when installed (.ci/run installs it; Playwright cannot download browsers here).
const systemChromium = '/usr/bin/chromium';
const launchOptions = {
  executablePath: existsSync(systemChromium) ? systemChromium : undefined,
  // Quiet on a closed network: no background update or component fetches.
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: process.env.E2E_APP_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The Clerk emulator serves clerk-js over https from its own local CA (the SDKs' default script URL).
    ignoreHTTPSErrors: true,
  },
  projects: [
    { name: 'js', use: { ...devices['Desktop Chrome'], launchOptions } },
    // Webhooks are HTTP-level: the `js` project runs them once.
    {
      name: 'no-js',
      testIgnore: /webhooks\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, javaScriptEnabled: false },
    },
    // The second app (CLERK_SUPABASE_AUTH=native, see e2e/global-setup.ts), with JavaScript on and off:
    // the tests tagged @both-modes (two users, organizations, no template token ever fetched).
    // E2E_NATIVE=off leaves both out.
    ...(process.env.E2E_NATIVE === 'off'
      ? []
      : [
          {
            name: 'native',
            grep: /@both-modes/,
            use: { ...devices['Desktop Chrome'], launchOptions, baseURL: process.env.E2E_NATIVE_APP_URL },
          },
          {
            name: 'native-no-js',
            grep: /@both-modes/,
            use: {
              ...devices['Desktop Chrome'],
              launchOptions,
              baseURL: process.env.E2E_NATIVE_APP_URL,
              javaScriptEnabled: false,
            },
          },
        ]),
  ],
});
