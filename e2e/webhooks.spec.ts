// Clerk webhooks through the running app over HTTP (no mocks): events signed with the svix library
// and the stack's signing secret, as Clerk signs them, and the whole flow from the Clerk emulator.
// Rows are read and seeded directly in the stack's database. Only in the `js` project (see
// playwright.config.ts): these are HTTP requests, plus one browser session to make real tasks.
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'svix';
import { connect } from '../tools/db/db.ts';
import { addTask, clerk, createUser, e2eEnv, expect, test } from '../tests/support/e2e-fixtures.ts';

const route = () => `${e2eEnv('APP_URL')}/api/webhooks/clerk`;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;

function sql() {
  return connect(e2eEnv('DATABASE_URL'), { max: 1 });
}

async function taskCount(userId: string): Promise<number> {
  const db = sql();
  try {
    const [row] = await db<{ count: number }[]>`select count(*)::int as count from tasks where user_id = ${userId}`;
    return row!.count;
  } finally {
    await db.end();
  }
}

/** Rows for a Clerk user id, straight into the table (no user needs to exist for the purge). */
async function seedTasks(userId: string, count: number): Promise<void> {
  const db = sql();
  try {
    for (let i = 0; i < count; i++) await db`insert into tasks (name, user_id) values (${`task ${i}`}, ${userId})`;
  } finally {
    await db.end();
  }
}

const fakeUserId = () => `user_e2e_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
const userDeleted = (userId: string) => ({
  object: 'event',
  type: 'user.deleted',
  data: { deleted: true, id: userId, object: 'user' },
  timestamp: Date.now(),
});

function signedRequest(payload: unknown, options: { secret?: string; at?: Date } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const id = `msg_${randomBytes(12).toString('hex')}`;
  const at = options.at ?? new Date();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(options.secret ?? e2eEnv('CLERK_WEBHOOK_SIGNING_SECRET')).sign(id, at, body),
  };
  return { body, headers };
}

async function post(request: {
  body: BodyInit;
  headers: Record<string, string>;
}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(route(), { method: 'POST', body: request.body, headers: request.headers });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

test.describe('POST /api/webhooks/clerk', () => {
  test("a valid user.deleted deletes that user's personal tasks and no one else's; a replay deletes nothing", async () => {
    const [gone, kept] = [fakeUserId(), fakeUserId()];
    await seedTasks(gone, 3);
    await seedTasks(kept, 2);
    // What they added to an organization's list stays there, for the team.
    const db = sql();
    await db`insert into tasks (name, user_id, org_id) values ('team task', ${gone}, 'org_e2e_team')`.finally(() =>
      db.end(),
    );

    const request = signedRequest(userDeleted(gone));
    expect(await post(request)).toEqual({ status: 200, json: { received: true, type: 'user.deleted', deleted: 3 } });
    expect(await taskCount(gone)).toBe(1);
    expect(await taskCount(kept)).toBe(2);

    // Svix redelivers the identical request (same id, signature, timestamp): harmless.
    expect(await post(request)).toEqual({ status: 200, json: { received: true, type: 'user.deleted', deleted: 0 } });
    expect(await taskCount(kept)).toBe(2);
  });

  test('other events are acknowledged and delete nothing, even when they name a user with tasks', async () => {
    const userId = fakeUserId();
    await seedTasks(userId, 2);
    for (const type of ['user.created', 'email.created']) {
      const result = await post(signedRequest({ object: 'event', type, data: { id: userId, object: 'user' } }));
      expect(result).toEqual({ status: 200, json: { received: true, type, ignored: true } });
    }
    // An updated user only drops the cached name and memberships.
    const updated = await post(
      signedRequest({ object: 'event', type: 'user.updated', data: { id: userId, object: 'user' } }),
    );
    expect(updated).toEqual({ status: 200, json: { received: true, type: 'user.updated' } });
    // An ended session only drops its cached tokens.
    const ended = { id: 'sess_ended', object: 'session', user_id: userId, status: 'ended' };
    const result = await post(signedRequest({ object: 'event', type: 'session.ended', data: ended }));
    expect(result).toEqual({ status: 200, json: { received: true, type: 'session.ended' } });
    expect(await taskCount(userId)).toBe(2);
  });

  test('rejects a bad signature, a changed body, a stale or future timestamp: 401, nothing deleted', async () => {
    const userId = fakeUserId();
    await seedTasks(userId, 2);
    const changed = signedRequest(userDeleted(fakeUserId()));
    const cases = {
      'signed with another secret': signedRequest(userDeleted(userId), { secret: otherSecret }),
      'body changed after signing': { ...changed, body: JSON.stringify(userDeleted(userId)) },
      'timestamp 10 minutes old': signedRequest(userDeleted(userId), { at: new Date(Date.now() - 10 * 60_000) }),
      'timestamp 10 minutes ahead': signedRequest(userDeleted(userId), { at: new Date(Date.now() + 10 * 60_000) }),
    };
    for (const [name, request] of Object.entries(cases)) {
      const result = await post(request);
      expect(result.status, name).toBe(401);
      expect(String(result.json.error), name).toMatch(/not verified/);
    }
    expect(await taskCount(userId)).toBe(2);
  });

  test('rejects a request missing any svix header: 400, nothing deleted', async () => {
    const userId = fakeUserId();
    await seedTasks(userId, 1);
    for (const header of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      const request = signedRequest(userDeleted(userId));
      delete request.headers[header];
      const result = await post(request);
      expect(result.status, header).toBe(400);
      expect(String(result.json.error)).toContain(header);
    }
    expect(await taskCount(userId)).toBe(1);
  });

  test('rejects an oversized body, declared or streamed without a length: 413, nothing deleted', async () => {
    const userId = fakeUserId();
    await seedTasks(userId, 1);
    // Correctly signed, so only the size can be the reason.
    const big = signedRequest({ ...userDeleted(userId), padding: 'x'.repeat(300 * 1024) });
    expect((await post(big)).status).toBe(413);

    const bytes = new TextEncoder().encode(big.body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 16 * 1024)
          controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
        controller.close();
      },
    });
    const response = await fetch(route(), {
      method: 'POST',
      body: stream,
      headers: big.headers,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await taskCount(userId)).toBe(1);
  });
});

test('deleting a user in Clerk deletes their tasks through the webhook; the other user keeps theirs', async ({
  page,
  login,
}) => {
  const alice = await createUser('alice-leaves');
  const bob = await createUser('bob-stays');
  await login(alice);
  await addTask(page, 'Alice: first');
  await addTask(page, 'Alice: second');
  await login(bob);
  await addTask(page, 'Bob: stays');
  expect([await taskCount(alice.id), await taskCount(bob.id)]).toEqual([2, 1]);

  await clerk().users.deleteUser(alice.id);

  // The emulator delivers asynchronously, as Clerk does.
  await expect.poll(() => taskCount(alice.id), { timeout: 15_000 }).toBe(0);
  expect(await taskCount(bob.id)).toBe(1);
  const log = (await (await fetch(`${e2eEnv('CLERK_EMULATOR_URL')}/__emulator/webhooks`)).json()) as {
    deliveries: {
      type: string;
      state: string;
      payload: { data: { id: string } };
      attempts: { status: number | null; responseBody?: string }[];
    }[];
  };
  const delivery = log.deliveries.find((d) => d.type === 'user.deleted' && d.payload.data.id === alice.id);
  expect(delivery?.state).toBe('delivered');
  expect(JSON.parse(delivery!.attempts.at(-1)!.responseBody!)).toEqual({
    received: true,
    type: 'user.deleted',
    deleted: 2,
  });

  // Bob's page still lists his task.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText('Bob: stays', { exact: true })).toBeVisible();
});
