// Starts what the e2e tests run against: the local stack with fresh data and the app's production
// build. The workers inherit this process's environment, so the URLs and keys travel that way.
import { startAppUnderTest } from '../test-support/app-server.ts';

export default async function globalSetup() {
  const app = await startAppUnderTest();
  Object.assign(process.env, {
    E2E_APP_URL: app.appUrl,
    E2E_CLERK_API_URL: app.stack.env.CLERK_API_URL,
    E2E_CLERK_SECRET_KEY: app.stack.env.CLERK_SECRET_KEY,
    E2E_CLERK_EMULATOR_URL: app.stack.env.CLERK_EMULATOR_URL,
    E2E_DATABASE_URL: app.stack.env.DATABASE_URL,
  });
  return () => app.stop();
}
