// Two `next start` instances of one build behind a round-robin balancer: every step checks both answered.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../tools/db/db.ts';
import { AppHttp, type AppResponse } from '../tests/support/app-http.ts';
import { startAppUnderTest, type AppUnderTest } from '../tests/support/app-server.ts';
import type { Served } from '../tests/support/balancer.ts';
import {
  ClerkEmulatorClient,
  clerkEnvOf,
  sessionCookie,
  type EmulatorSession,
} from '../tests/support/clerk-emulator-client.ts';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import { nowSeconds, sessionToken } from '../tests/support/forged-tokens.ts';
import { findForm, type HtmlForm } from '../tests/support/html-forms.ts';

let app: AppUnderTest;
let database: TestDatabase | undefined;
let sql: Sql;
let emulator: ClerkEmulatorClient;

beforeAll(async () => {
  database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  app = await startAppUnderTest({
    instances: 2,
    stack: { databaseUrl: database?.url ?? null, sessionTokenLifetimeSeconds: 3600 },
  });
  sql = connect(app.stack.env.DATABASE_URL, { max: 2 });
  emulator = new ClerkEmulatorClient(clerkEnvOf(app.stack.env)!);
}, 600_000);

afterAll(async () => {
  await sql?.end();
  await app?.stop();
  await database?.drop();
}, 120_000);

const balancer = () => app.balancer!;

const SCENARIO_TIMEOUT_MS = 180_000;

/** Runs one step of a scenario and returns the requests it sent, after checking both instances answered some. */
async function step<T>(name: string, run: () => Promise<T>): Promise<{ result: T; served: Served[] }> {
  balancer().resetLog();
  const result = await run();
  const served = balancer().served();
  const backends = new Set(served.map((s) => s.backend));
  expect(backends, `${name}: ${JSON.stringify(served)}`).toEqual(new Set([0, 1]));
  return { result, served };
}

async function signIn(label: string): Promise<EmulatorSession & { http: AppHttp }> {
  const session = await emulator.signIn(await emulator.createUser(label), app.appUrl);
  return { ...session, http: new AppHttp(app.appUrl, session.cookie) };
}

const tasksOf = async (userId: string) =>
  (
    await sql<{ id: number; name: string; done: boolean }[]>`
    select id::int as id, name, done from tasks where user_id = ${userId} order by id`
  ).map((row) => ({ ...row }));

/** Posts a scraped form as a browser without JavaScript does: every hidden input, then the typed fields. */
const post = (http: AppHttp, path: string, form: HtmlForm, typed: [string, string][] = []) =>
  http.post(path, [...form.hidden, ...typed]);

function expectFine(res: AppResponse, what: string) {
  expect(res.status, `${what}: ${res.status} ${res.location ?? ''} ${res.messages.alerts.join(' ')}`).toBeLessThan(400);
  expect(res.internals, what).toBeUndefined();
}

const purged = (deleted: number) => ({ received: true, type: 'user.deleted', deleted });

/** The app's answer to the emulator's user.deleted delivery for `userId`, once delivered. */
async function deliveredReply(userId: string): Promise<unknown> {
  const log = (await (await fetch(`${app.stack.env.CLERK_EMULATOR_URL}/__emulator/webhooks`)).json()) as {
    deliveries: {
      type: string;
      state: string;
      payload: { data: { id: string } };
      attempts: { responseBody?: string }[];
    }[];
  };
  const delivery = log.deliveries.find((d) => d.type === 'user.deleted' && d.payload.data.id === userId);
  const body = delivery?.state === 'delivered' ? delivery.attempts.at(-1)?.responseBody : undefined;
  return body ? JSON.parse(body) : undefined;
}

describe('two instances behind a round-robin balancer', () => {
  it(
    "two users add, complete, rename and delete; neither ever sees the other's tasks",
    async () => {
      const users = [await signIn('scale-alice'), await signIn('scale-bob')];

      async function listMatches(user: (typeof users)[number]) {
        const page = await user.http.get('/');
        expect(page.status).toBe(200);
        const rows = await tasksOf(user.userId);
        expect(page.tasks.map(({ id, name, done }) => ({ id, name, done }))).toEqual(
          rows.toSorted((a, b) => b.id - a.id),
        );
        return page;
      }

      for (const round of [1, 2])
        for (const user of users) {
          const label = `${user.userId.slice(-4)} task ${round}`;
          await step(`add ${label}`, async () => {
            const page = await user.http.get('/');
            expectFine(
              await post(user.http, '/', findForm(page.html, { label: 'Add a task' }), [['name', label]]),
              'add',
            );
          });
        }

      for (const user of users) {
        const [first, second] = await tasksOf(user.userId);
        expect(first && second, 'two rows each').toBeTruthy();

        await step('complete', async () => {
          const page = await listMatches(user);
          expectFine(
            await post(user.http, '/', findForm(page.html, { button: 'Done', taskId: first!.id })),
            'complete',
          );
        });
        expect((await tasksOf(user.userId)).find((t) => t.id === first!.id)?.done).toBe(true);

        await step('rename', async () => {
          const edit = await user.http.get(`/tasks/${second!.id}/edit`);
          expect(edit.status).toBe(200);
          const form = findForm(edit.html, { label: 'Rename task' });
          expectFine(
            await post(user.http, `/tasks/${second!.id}/edit`, form, [['name', `${second!.name} renamed`]]),
            'rename',
          );
        });
        expect((await tasksOf(user.userId)).find((t) => t.id === second!.id)?.name).toBe(`${second!.name} renamed`);

        await step('delete', async () => {
          const page = await listMatches(user);
          expectFine(
            await post(user.http, '/', findForm(page.html, { button: 'Delete', taskId: first!.id })),
            'delete',
          );
        });
        expect((await tasksOf(user.userId)).map((t) => t.id)).toEqual([second!.id]);
      }

      // Each list, read from both instances, is its owner's remaining row only.
      for (const user of users)
        await step('read both lists', async () => void [await listMatches(user), await listMatches(user)]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'a post with an expired token parked by one instance is completed by the other, and a replay is refused',
    async () => {
      const alice = await signIn('scale-expiry');
      const instance = JSON.parse(await readFile(join(app.stack.dataDir, 'clerk', 'instance.json'), 'utf8')) as {
        kid: string;
        privateKeyPem: string;
      };
      const tokenOf = (user: { userId: string; sessionId: string }) => ({
        privateKeyPem: instance.privateKeyPem,
        kid: instance.kid,
        issuer: `https://${new URL(app.stack.env.CLERK_API_URL!).host}`,
        sub: user.userId,
        sid: user.sessionId,
        azp: new URL(app.appUrl).origin,
      });
      const past = nowSeconds() - 180;
      const expired = await sessionToken({ ...tokenOf(alice), iat: past, exp: past + 60 });
      const expiredBrowser = new AppHttp(app.appUrl, sessionCookie(expired, String(past - 10)));
      const addForm = findForm((await alice.http.get('/')).html, { label: 'Add a task' });

      balancer().resetLog();
      const parked = await post(expiredBrowser, '/', addForm, [['name', 'parked across instances']]);
      expect([parked.status, parked.location]).toEqual([303, '/auth/continue']);
      const intent = parked.setCookies.map((c) => /^task_intent=([^;]+)/.exec(c)?.[1]).find(Boolean);
      expect(intent, 'intent cookie').toBeTruthy();
      expect(await tasksOf(alice.userId)).toEqual([]);

      // The same session with a fresh token (what the refresh gives) carrying the intent, at the other instance.
      const now = nowSeconds();
      const fresh = await sessionToken({ ...tokenOf(alice), iat: now, exp: now + 60 });
      const continueBrowser = new AppHttp(
        app.appUrl,
        `${sessionCookie(fresh, String(now - 5))}; task_intent=${intent}`,
      );
      const completed = await continueBrowser.get('/auth/continue');
      expect(completed.location?.replace(app.appUrl, '')).toBe('/?notice=saved');
      expect((await tasksOf(alice.userId)).map((t) => t.name)).toEqual(['parked across instances']);

      // The replay lands on the instance that parked it, not the one that completed it: refused there too.
      const replayed = await continueBrowser.get('/auth/continue');
      expect(replayed.location?.replace(app.appUrl, '')).toBe('/?notice=intent-replayed');
      expect(await tasksOf(alice.userId)).toHaveLength(1);

      const served = balancer().served();
      expect(served.map((s) => `${s.method} ${s.path.split('?')[0]}`)).toEqual([
        'POST /',
        'GET /auth/continue',
        'GET /auth/continue',
      ]);
      const [parkedBy, completedBy, refusedBy] = served.map((s) => s.backend);
      expect(completedBy).not.toBe(parkedBy);
      expect(refusedBy).toBe(parkedBy);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "Clerk's user.deleted webhooks through the balancer purge those users' tasks only, at either instance",
    async () => {
      const [gone1, gone2, kept] = await Promise.all(
        ['scale-gone-1', 'scale-gone-2', 'scale-kept'].map((label) => emulator.createUser(label)),
      );
      for (const [userId, count] of [
        [gone1!, 2],
        [gone2!, 3],
        [kept!, 2],
      ] as const)
        await sql`insert into tasks (name, user_id) select 'webhook task ' || g, ${userId} from generate_series(1, ${count}) g`;

      const clerk = createClerkClient({
        apiUrl: app.stack.env.CLERK_API_URL,
        secretKey: app.stack.env.CLERK_SECRET_KEY,
      });
      const { served } = await step('two user.deleted webhooks', async () => {
        await clerk.users.deleteUser(gone1!);
        await expect.poll(() => deliveredReply(gone1!), { timeout: 30_000 }).toEqual(purged(2));
        await clerk.users.deleteUser(gone2!);
        await expect.poll(() => deliveredReply(gone2!), { timeout: 30_000 }).toEqual(purged(3));
      });
      expect(served.map((s) => `${s.method} ${s.path} ${s.status}`)).toEqual([
        'POST /api/webhooks/clerk 200',
        'POST /api/webhooks/clerk 200',
      ]);
      expect([(await tasksOf(gone1!)).length, (await tasksOf(gone2!)).length]).toEqual([0, 0]);
      expect(await tasksOf(kept!)).toHaveLength(2);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
