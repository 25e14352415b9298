// A wrong setting in either dashboard must not look like "your session expired": the user is told
// the service is misconfigured and nothing was saved, and the operator's log names the setting.
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds, randomSecret } from '../support/forged-tokens.ts';
import {
  AppHttp,
  createUser,
  instanceSessionCookie,
  scrapeActionForms,
  signIn,
  type ActionForms,
} from '../support/app-http.ts';
import { checkCase } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { serverWith } from '../support/control.ts';
import { seedTask, superuser, type Sql } from '../support/tasks-table.ts';

const ctx = securityContext();
const MISCONFIGURED = 'The service is misconfigured; nothing was saved.';
let sql: Sql;
let userId: string;
let forms: ActionForms;

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  userId = await createUser(ctx, 'misconfigured');
  const own = await seedTask(sql, userId, 'misconfiguration own task');
  forms = await scrapeActionForms(new AppHttp(ctx.appUrl, (await signIn(ctx, userId)).cookie), own.id);
});

afterAll(async () => {
  await sql?.end();
});

/**
 * The cookies of a signed-in browser on `appUrl`: a real session, its token minted with the
 * instance's key for that origin (the app accepts a token only for its own origin, its azp).
 */
async function cookieFor(appUrl: string): Promise<string> {
  const session = await signIn(ctx, userId);
  return instanceSessionCookie(ctx, session, { azp: appUrl, exp: nowSeconds() + 3600, clientUat: session.clientUat });
}

const clerk = () => createClerkClient({ apiUrl: ctx.clerkApiUrl, secretKey: ctx.clerkSecretKey });

const cases: { fault: string; env: () => Promise<Record<string, string>>; cause: string }[] = [
  {
    fault: 'SUPABASE_ANON_KEY is not the project’s anon key',
    env: async () => ({ SUPABASE_ANON_KEY: `${ctx.anonKey.slice(0, -4)}AAAA` }),
    cause: 'rejected SUPABASE_ANON_KEY',
  },
  {
    fault: 'the JWT template is signed with another secret',
    env: async () => {
      const name = `supabase-other-secret-${Date.now()}`;
      await clerk().jwtTemplates.create({
        name,
        claims: { role: 'authenticated', aud: 'authenticated' },
        customSigningKey: true,
        signingAlgorithm: 'HS256',
        signingKey: randomSecret(),
      });
      return { CLERK_SUPABASE_TEMPLATE: name };
    },
    cause: 'signed (HS256) with the Supabase JWT secret',
  },
  {
    fault: 'the JWT template has no role claim',
    env: async () => {
      const name = `supabase-no-role-${Date.now()}`;
      await clerk().jwtTemplates.create({
        name,
        claims: { aud: 'authenticated' },
        customSigningKey: true,
        signingAlgorithm: 'HS256',
        signingKey: ctx.jwtSecret,
      });
      return { CLERK_SUPABASE_TEMPLATE: name };
    },
    cause: 'so PostgREST ran the query as anon',
  },
  {
    fault: 'no JWT template by the configured name',
    env: async () => ({ CLERK_SUPABASE_TEMPLATE: 'no-such-template' }),
    cause: 'no JWT template named by CLERK_SUPABASE_TEMPLATE',
  },
];

describe('misconfiguration', () => {
  it.each(cases)('$fault: the user is told, the log names the cause, nothing is written', async ({ env, cause }) => {
    const server = await serverWith(ctx, await env());
    // Every instance serves the one APP_URL: session tokens are minted for it, whichever instance answers.
    const app = new AppHttp(server.url, await cookieFor(ctx.appUrl));
    const fault = cases.find((c) => c.cause === cause)!.fault;
    const result = await checkCase(sql, ctx.casesFile, {
      meta: {
        suite: 'misconfiguration',
        layer: 'App',
        identity: fault,
        operation: 'page load, then add (POST)',
        expected: `"${MISCONFIGURED}" both times, no row; the log names: ${cause}`,
      },
      act: async () => ({
        page: await app.get('/'),
        post: await app.submit('/', forms.create, [['name', 'saved despite a misconfiguration']]),
        log: await server.log(),
      }),
      judge: ({ page, post, log }, diff) => {
        const told = (alerts: string[]) => alerts.some((alert) => alert.startsWith(MISCONFIGURED));
        const problems = [
          ...(told(page.messages.alerts) ? [] : [`page: ${JSON.stringify(page.messages.alerts)}`]),
          ...(told(post.messages.alerts) ? [] : [`add: ${JSON.stringify(post.messages.alerts)}`]),
          ...([...page.messages.alerts, ...post.messages.alerts].some((alert) => /session/i.test(alert))
            ? ['told the user their session expired']
            : []),
          ...(log.includes(cause) ? [] : ['the log does not name the cause']),
          ...(diff.added.length > 0 ? ['a row was written'] : []),
        ];
        return { got: `${page.status} / ${post.status}`, problems, leaks: [] };
      },
    });
    expect(result.verdict, result.detail).toBe('pass');
  });
});
