// How many Clerk Backend API calls 100 page views of one session cost, read from the
// emulator's counters, with the app's template-token cache and without it (the seed's pattern:
// getToken({ template }) on every request).
import type { EmulatorSession } from '../../tests/support/clerk-emulator-client.ts';
import type { PartContext } from './page-and-action.ts';
import type { Section } from './report.ts';
import { assertMeasured, ratioOf, summarize } from './stats.ts';

export interface ClerkCallSettings {
  rounds: number;
  pageViews: number;
}

async function viewPages(url: string, session: EmulatorSession, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/`, { headers: { Cookie: session.cookie, Accept: 'text/html' } });
    const html = await response.text();
    if (response.status !== 200 || !html.includes('Your tasks'))
      throw new Error(`page view ${i + 1} at ${url} answered ${response.status} without the task list`);
  }
}

type Mode = 'on' | 'two' | 'off';

/**
 * `cacheOffUrl`: a balancer in front of a server with the cache off; `twoInstancesUrl`: a round-robin
 * balancer in front of the app and a second instance with the cache on, each with a cache of its own.
 * Both forward the app's Host.
 */
export async function benchClerkCalls(
  ctx: PartContext,
  settings: ClerkCallSettings,
  userId: string,
  cacheOffUrl: string,
  twoInstancesUrl: string,
): Promise<Section> {
  const servers: Record<Mode, string> = { on: ctx.app.appUrl, two: twoInstancesUrl, off: cacheOffUrl };
  const totals: Record<Mode, number[]> = { on: [], two: [], off: [] };
  const routes: Record<Mode, Record<string, number>> = { on: {}, two: {}, off: {} };
  const per100 = (calls: number) => (calls * 100) / settings.pageViews;

  for (let round = 1; round <= settings.rounds; round++) {
    for (const mode of ['on', 'two', 'off'] as const) {
      ctx.log(
        `clerk calls: round ${round}/${settings.rounds}, token cache ${mode}: ${settings.pageViews} page views of a fresh session`,
      );
      // A fresh session each time: the cache starts cold, as for a user who just signed in.
      // Signed in at the app's URL: other servers are reached through a balancer that forwards the
      // app's own Host, the origin the session token is for.
      const session = await ctx.clerk.signIn(userId, ctx.app.appUrl);
      await ctx.clerk.resetCounters();
      await viewPages(servers[mode], session, settings.pageViews);
      const counters = await ctx.clerk.backendCounters();
      totals[mode].push(per100(Object.values(counters).reduce((sum, n) => sum + n, 0)));
      routes[mode] = counters;
    }
  }
  assertMeasured('Clerk calls, cache on', totals.on);
  assertMeasured('Clerk calls, cache off', totals.off);
  assertMeasured('Clerk calls, two instances', totals.two);
  const on = summarize(totals.on);
  const two = summarize(totals.two);
  const off = summarize(totals.off);
  const breakdown = (counters: Record<string, number>) =>
    Object.entries(counters)
      .map(([route, n]) => `${route}: ${n}`)
      .join(', ') || 'none';
  const offLabel =
    "token cache off (`CLERK_SUPABASE_TOKEN_CACHE=off`: a template fetch per request, the seed's pattern)";
  return {
    id: 'clerk',
    title: `Clerk Backend API calls per 100 page views of one session`,
    tables: [
      {
        title: 'Backend API calls (all routes) per 100 page views',
        figures: [
          {
            label: 'token cache on (default)',
            unit: 'calls',
            summary: on,
            baseline: offLabel,
            ratio: ratioOf(on, off),
            detail: `last round: ${breakdown(routes.on)}`,
          },
          {
            label: 'token cache on, two instances behind the round-robin balancer (a cache each)',
            unit: 'calls',
            summary: two,
            baseline: offLabel,
            ratio: ratioOf(two, off),
            detail: `last round: ${breakdown(routes.two)}`,
          },
          { label: offLabel, unit: 'calls', summary: off, detail: `last round: ${breakdown(routes.off)}` },
        ],
      },
    ],
    notes: [
      `${settings.rounds} rounds; each round signs in a fresh session (cold cache), resets the emulator's counters (\`POST /__emulator/counters/reset\`), makes ${settings.pageViews} sequential page views and reads \`GET /__emulator/counters\`. All servers are \`next start\` on the same build and stack; only CLERK_SUPABASE_TOKEN_CACHE differs. With two instances the page views alternate between them.`,
      'With the cache, a template token is fetched once per session and reused until shortly before it expires (the emulator issues 60 s template tokens, the cache renews 10 s early), so a long-lived session costs about one call per 50 s of activity per instance it reaches, not one per page view.',
    ],
  };
}
