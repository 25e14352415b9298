// Which token the app sends to Supabase, seen from the Clerk emulator's request counters: the
// template app fetches `supabase` template tokens from the Backend API; the native app
// (CLERK_SUPABASE_AUTH=native) never does, it sends the session token it already has.
import { addTask, createUser, e2eEnv, expect, taskNames, test } from '../tests/support/e2e-fixtures.ts';

const TEMPLATE_TOKEN_ROUTE = 'POST /v1/sessions/:id/tokens/:template';

async function templateTokenCalls(): Promise<number> {
  const response = await fetch(`${e2eEnv('CLERK_EMULATOR_URL')}/__emulator/counters`);
  const counters = (await response.json()) as { backend: Record<string, number> };
  return counters.backend[TEMPLATE_TOKEN_ROUTE] ?? 0;
}

test(
  'the app gets its Supabase token the configured way',
  { tag: '@both-modes' },
  async ({ page, login }, testInfo) => {
    const native = testInfo.project.name.startsWith('native');
    const user = await createUser('gina');
    const before = await templateTokenCalls();
    await login(user);
    await addTask(page, 'counted');
    // A fresh page load reads the list again with a new request (no-JS: a reload would re-post).
    await page.goto('/');
    await expect.poll(() => taskNames(page)).toEqual(['counted']);
    const calls = (await templateTokenCalls()) - before;
    if (native) expect(calls).toBe(0);
    else expect(calls).toBeGreaterThan(0);
  },
);
