// Starts what the e2e tests run against: the local stack with fresh data and the app's production
// build, once per Clerk→Supabase mode. The `js` and `no-js` projects use the default (template)
// app; the `native` and `native-no-js` projects use a second app with CLERK_SUPABASE_AUTH=native and its own stack
// whose Clerk emulator puts `role: "authenticated"` in session tokens. E2E_NATIVE=off skips it.
// The workers inherit this process's environment, so the URLs and keys travel that way.
import { startAppUnderTest, type AppUnderTest } from '../tests/support/app-server.ts';

const nativeEnabled = process.env.E2E_NATIVE !== 'off';

function exported(prefix: string, app: AppUnderTest): Record<string, string> {
  return {
    [`${prefix}APP_URL`]: app.appUrl,
    [`${prefix}CLERK_API_URL`]: app.stack.env.CLERK_API_URL ?? '',
    [`${prefix}CLERK_SECRET_KEY`]: app.stack.env.CLERK_SECRET_KEY ?? '',
    [`${prefix}CLERK_EMULATOR_URL`]: app.stack.env.CLERK_EMULATOR_URL ?? '',
    [`${prefix}CLERK_PROXY_URL`]: app.stack.env.NEXT_PUBLIC_CLERK_PROXY_URL ?? '',
    [`${prefix}CLERK_WEBHOOK_SIGNING_SECRET`]: app.stack.env.CLERK_WEBHOOK_SIGNING_SECRET ?? '',
    [`${prefix}DATABASE_URL`]: app.stack.env.DATABASE_URL,
  };
}

export default async function globalSetup() {
  // Both builds at once: each has its own dist folder, and together they take less wall time.
  const [template, native] = await Promise.allSettled([
    startAppUnderTest(),
    nativeEnabled ? startAppUnderTest({ appEnv: { CLERK_SUPABASE_AUTH: 'native' } }) : Promise.resolve(undefined),
  ]);
  const started = [template, native].flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );
  const failed = [template, native].find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((app) => app.stop()));
    throw failed.reason;
  }
  const [templateApp, nativeApp] = [template, native].map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  );
  Object.assign(process.env, exported('E2E_', templateApp!), nativeApp ? exported('E2E_NATIVE_', nativeApp) : {});
  return () => Promise.all(started.map((app) => app.stop()));
}
