// A no-JS form posted with an expired (but genuine) Clerk session token is parked, not lost, and
// completed once the session is refreshed; a parked intent can never be replayed, carried to
// another account, forged or used after its lifetime. Each case compares the tasks table before
// and after, as superuser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealIntent } from '../../src/auth/intent-codec.ts';
import { nowSeconds, randomSecret, sessionToken } from '../support/forged-tokens.ts';
import {
  AppHttp,
  createUser,
  instanceSessionCookie,
  scrapeActionForms,
  sessionCookie,
  signIn,
  type ActionForms,
  type AppResponse,
  type SignedInUser,
} from '../support/app-http.ts';
import { findForm } from '../support/html-forms.ts';
import { ClerkEmulatorClient } from '../support/clerk-emulator-client.ts';
import { checkCase, type Judgement } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { serverWith } from '../support/control.ts';
import { seedTask, superuser, type Sql, type TableDiff } from '../support/tasks-table.ts';

const ctx = securityContext();
let sql: Sql;
let aId: string;
let bId: string;
let aSession: SignedInUser;
let forms: ActionForms;

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  aId = await createUser(ctx, 'expiry-a');
  bId = await createUser(ctx, 'expiry-b');
  aSession = await signIn(ctx, aId);
  const own = await seedTask(sql, aId, 'expiry own task');
  forms = await scrapeActionForms(new AppHttp(ctx.appUrl, aSession.cookie), own.id);
});

afterAll(async () => {
  await sql?.end();
});

/** A's browser whose session token expired two minutes ago; the session itself is still active. */
async function expiredBrowser(): Promise<AppHttp> {
  const past = nowSeconds() - 180;
  const cookie = await instanceSessionCookie(ctx, aSession, {
    iat: past,
    exp: past + 60,
    clientUat: String(past - 10),
  });
  return new AppHttp(ctx.appUrl, cookie);
}

const intentOf = (res: AppResponse) =>
  res.setCookies.map((cookie) => /^task_intent=([^;]+)/.exec(cookie)?.[1]).find(Boolean);

/** A's browser after the refresh: a fresh genuine token of the same session. */
async function refreshed(): Promise<SignedInUser> {
  const now = nowSeconds();
  return { ...aSession, cookie: await instanceSessionCookie(ctx, aSession, { iat: now, clientUat: String(now - 5) }) };
}

/** GET /auth/continue as `user` (what the refresh gives) carrying `intent`. */
async function continueAs(user: SignedInUser, intent: string): Promise<AppResponse> {
  return new AppHttp(ctx.appUrl, `${user.cookie}; task_intent=${intent}`).get('/auth/continue');
}

async function parkedAdd(name: string): Promise<string> {
  const res = await (await expiredBrowser()).submit('/', forms.create, [['name', name]]);
  const intent = intentOf(res);
  if (res.status !== 303 || res.location !== '/auth/continue' || !intent)
    throw new Error(`the POST was not parked: ${res.status} → ${res.location}`);
  return intent;
}

const rowsAdded = (diff: TableDiff) => diff.added.length;
const noChange = (diff: TableDiff) => rowsAdded(diff) + diff.removed.length + diff.changed.length === 0;

async function check(
  identity: string,
  operation: string,
  expected: string,
  act: () => Promise<AppResponse>,
  judge: (res: AppResponse, diff: TableDiff) => string[],
) {
  const result = await checkCase(sql, ctx.casesFile, {
    meta: { suite: 'session-expiry', layer: 'App', identity, operation, expected },
    act,
    judge: (res, diff): Judgement => {
      const problems = [...(res.status >= 500 ? [`HTTP ${res.status}`] : []), ...judge(res, diff)];
      const leaks = diff.added.some((row) => row.user_id !== aId) ? ['a row for another user'] : [];
      return { got: `${res.status} → ${res.location ?? ''}`, problems, leaks };
    },
  });
  expect(result.verdict, result.detail).toBe('pass');
}

const sentTo = (res: AppResponse, location: string) =>
  res.location?.replace(ctx.appUrl, '') === location ? [] : [`expected → ${location}`];

describe('parked submissions', () => {
  it('a post with an expired token is parked, writes nothing, and completes once after the refresh', async () => {
    let intent = '';
    await check(
      'A, token expired 2 min ago',
      'add (POST)',
      '303 → /auth/continue, intent cookie set, no row',
      async () => {
        const res = await (await expiredBrowser()).submit('/', forms.create, [['name', 'parked add']]);
        intent = intentOf(res) ?? '';
        return res;
      },
      (res, diff) => [
        ...sentTo(res, '/auth/continue'),
        ...(intent ? [] : ['no intent cookie']),
        ...(intent.includes('parked') ? ['the intent cookie shows the typed text'] : []),
        ...(noChange(diff) ? [] : ['the table changed before the refresh']),
      ],
    );

    await check(
      'A, refreshed session',
      'complete intent',
      '→ /?notice=saved, exactly one row for A',
      async () => continueAs(await refreshed(), intent),
      (res, diff) => [
        ...sentTo(res, '/?notice=saved'),
        ...(rowsAdded(diff) === 1 && diff.added[0]?.name === 'parked add' ? [] : ['not exactly one row added']),
      ],
    );

    await check(
      'A, refreshed session',
      'replay the completed intent',
      '→ /?notice=intent-replayed, nothing written',
      async () => continueAs(await refreshed(), intent),
      (res, diff) => [...sentTo(res, '/?notice=intent-replayed'), ...(noChange(diff) ? [] : ['written twice'])],
    );
  });

  it('parks "clear completed" too, and completes it in the list it came from, deleting only A\'s done tasks', async () => {
    for (const [owner, name] of [
      [aId, 'A done, cleared after the refresh'],
      [bId, 'B done, never cleared by A'],
    ] as const) {
      await sql`update tasks set done = true where id = ${(await seedTask(sql, owner, name)).id}`;
    }
    const confirm = await new AppHttp(ctx.appUrl, (await signIn(ctx, aId)).cookie).get(
      '/?show=done&confirm=clear-completed',
    );
    const clearForm = findForm(confirm.html, { button: 'Delete completed tasks' });
    let intent = '';
    await check(
      'A, token expired 2 min ago',
      'clear completed (POST)',
      '303 → /auth/continue, intent cookie set, nothing deleted',
      async () => {
        const res = await (await expiredBrowser()).submit('/', clearForm, [['back', '/?show=done']]);
        intent = intentOf(res) ?? '';
        return res;
      },
      (res, diff) => [
        ...sentTo(res, '/auth/continue'),
        ...(intent ? [] : ['no intent cookie']),
        ...(noChange(diff) ? [] : ['the table changed before the refresh']),
      ],
    );
    await check(
      'A, refreshed session',
      'complete the clear-completed intent',
      "→ /?show=done&notice=saved, A's done tasks deleted, B's kept",
      async () => continueAs(await refreshed(), intent),
      (res, diff) => [
        ...sentTo(res, '/?show=done&notice=saved'),
        ...(diff.removed.length > 0 && diff.removed.every((row) => row.done && row.user_id === aId)
          ? []
          : [`removed: ${JSON.stringify(diff.removed)}`]),
        ...(diff.added.length + diff.changed.length === 0 ? [] : ['rows added or changed']),
      ],
    );
  });

  it('drops an intent parked in a session that has ended since, even for the same user', async () => {
    const intent = await parkedAdd('parked before signing out');
    await check(
      'A, signed out through clerk-js and in again (a new session)',
      'complete intent',
      '→ /?notice=intent-other-session, nothing written',
      async () => continueAs(await signIn(ctx, aId), intent),
      (res, diff) => [...sentTo(res, '/?notice=intent-other-session'), ...(noChange(diff) ? [] : ['written'])],
    );
  });

  it.each([
    ['minted for another origin (azp)', { azp: 'https://other-app.example', ago: 180 }],
    ['expired longer ago than an intent lives', { azp: undefined, ago: 20 * 60 }],
  ])('never parks a post whose genuine token was %s', async (_kind, { azp, ago }) => {
    const past = nowSeconds() - ago;
    const cookie = await instanceSessionCookie(ctx, aSession, {
      azp,
      iat: past,
      exp: past + 60,
      clientUat: String(past - 10),
    });
    await check(
      `A, genuine token ${azp ? `for ${azp}` : `expired ${ago / 60} min ago`}`,
      'add (POST)',
      '303 → /?notice=signed-out, no intent, no row',
      async () => new AppHttp(ctx.appUrl, cookie).submit('/', forms.create, [['name', 'not parked']]),
      (res, diff) => [
        ...sentTo(res, '/?notice=signed-out'),
        ...(intentOf(res) ? ['an intent was parked'] : []),
        ...(noChange(diff) ? [] : ['written']),
      ],
    );
  });

  it('refuses an intent carried to another account', async () => {
    const intent = await parkedAdd('carried to B');
    await check(
      "B, signed in, with A's intent",
      'complete intent',
      '→ /?notice=other-user, nothing written',
      async () => continueAs(await signIn(ctx, bId), intent),
      (res, diff) => [...sentTo(res, '/?notice=other-user'), ...(noChange(diff) ? [] : ['written'])],
    );
  });

  it.each([
    ['garbage', async () => 'not-an-intent'],
    [
      'sealed with another key',
      async () =>
        sealIntent(
          { action: 'createTask', input: { name: 'forged' }, userId: aId, sessionId: aSession.sessionId },
          randomSecret(),
        ),
    ],
    [
      'a valid intent with the ciphertext edited',
      async () => {
        const parts = (await parkedAdd('tampered')).split('.');
        const body = Buffer.from(parts[3] ?? '', 'base64url');
        body[0] = (body[0] ?? 0) ^ 1;
        parts[3] = body.toString('base64url');
        return parts.join('.');
      },
    ],
  ])('refuses a forged intent: %s', async (kind, forge) => {
    const intent = await forge();
    await check(
      'A, signed in',
      `complete a forged intent (${kind})`,
      '→ /?notice=intent-invalid, nothing written',
      async () => continueAs(await refreshed(), intent),
      (res, diff) => [...sentTo(res, '/?notice=intent-invalid'), ...(noChange(diff) ? [] : ['written'])],
    );
  });

  it('refuses an intent past its ten-minute lifetime', async () => {
    const intent = await sealIntent(
      { action: 'createTask', input: { name: 'too late' }, userId: aId, sessionId: aSession.sessionId },
      ctx.clerkSecretKey,
      new Date(Date.now() - 11 * 60_000),
    );
    await check(
      'A, signed in',
      'complete an expired intent',
      '→ /?notice=intent-expired, nothing written',
      async () => continueAs(await refreshed(), intent),
      (res, diff) => [...sentTo(res, '/?notice=intent-expired'), ...(noChange(diff) ? [] : ['written'])],
    );
  });

  it('never parks a post whose token is not genuine', async () => {
    const forged = await sessionToken({
      kid: ctx.clerkKid,
      issuer: ctx.clerkIssuer,
      sub: aId,
      sid: aSession.sessionId,
      azp: new URL(ctx.appUrl).origin,
      iat: nowSeconds() - 180,
      exp: nowSeconds() - 120,
    });
    const browser = new AppHttp(ctx.appUrl, sessionCookie(forged, String(nowSeconds() - 190)));
    await check(
      'expired token signed with a foreign key',
      'add (POST)',
      '303 → /?notice=signed-out, no intent, no row',
      async () => browser.submit('/', forms.create, [['name', 'forged parked']]),
      (res, diff) => [
        ...sentTo(res, '/?notice=signed-out'),
        ...(intentOf(res) ? ['an intent was parked'] : []),
        ...(noChange(diff) ? [] : ['written']),
      ],
    );
  });

  it('reads at most two session cookies of a signed-out post: 120 forged ones cost at most 2 Backend API calls', async () => {
    // Without CLERK_JWT_KEY every token with an unknown `kid` would send the SDK to Clerk's JWKS endpoint.
    const server = await serverWith(ctx, { CLERK_JWT_KEY: '' });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const exp = nowSeconds() - 120;
    const cookie = Array.from(
      { length: 120 },
      // Small enough that 120 fit in Node's 16 KB of headers: each names an unknown key.
      (_, i) => `__session_${i}=${b64({ alg: 'RS256', kid: `k${i}` })}.${b64({ sub: 'u', sid: 's', exp })}.x`,
    ).join('; ');
    const emulator = new ClerkEmulatorClient({
      CLERK_API_URL: ctx.clerkApiUrl,
      CLERK_SECRET_KEY: ctx.clerkSecretKey,
      CLERK_EMULATOR_URL: ctx.clerkEmulatorUrl,
    });
    await emulator.resetCounters();
    let calls = 0;
    await check(
      '120 forged __session_* cookies, app without CLERK_JWT_KEY',
      'add (POST)',
      '303 → /?notice=signed-out, at most 2 Backend API calls, no row',
      async () => {
        const res = await new AppHttp(server.url, cookie).submit('/', forms.create, [['name', 'many cookies']]);
        calls = Object.values(await emulator.backendCounters()).reduce((sum, n) => sum + n, 0);
        return res;
      },
      (res, diff) => [
        ...sentTo(res, '/?notice=signed-out'),
        ...(calls <= 2 ? [] : [`${calls} Backend API calls`]),
        ...(noChange(diff) ? [] : ['written']),
      ],
    );
  });
});

describe('the origin a session token was minted for', () => {
  it('refuses a token minted for another origin, even with X-Forwarded-Host forged to match it', async () => {
    const now = nowSeconds();
    const cookie = await instanceSessionCookie(ctx, aSession, {
      azp: 'https://evil.example',
      iat: now,
      clientUat: String(now - 5),
    });
    const own = await seedTask(sql, aId, `azp secret ${now}`);
    await check(
      'A, genuine token minted for https://evil.example',
      'GET / with X-Forwarded-Host: evil.example, X-Forwarded-Proto: https',
      'signed out: no task shown',
      async () =>
        new AppHttp(ctx.appUrl, cookie).get('/', { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' }),
      (res) => [...(res.html.includes(own.name) ? ['the task was shown'] : [])],
    );
  });
});
