// The local stack end to end, through the real supabase-js client, the gateway and PostgREST, on
// PostgreSQL with RLS. Embedded PostgreSQL by default; a fresh database on DATABASE_URL when set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supabaseClient, templateToken } from '../../tests/support/supabase.ts';
import { testStackOptions } from '../../tests/support/test-stack.ts';
import { startStack, type Stack, type StackOptions } from './stack.ts';

const USER_A = 'user_test_a';
const USER_B = 'user_test_b';

let options: StackOptions;
let cleanup: (() => Promise<void>) | undefined;
let stack: Stack;

beforeAll(async () => {
  ({ options, cleanup } = await testStackOptions('stack-test'));
  stack = await startStack(options);
});

afterAll(async () => {
  await stack?.stop();
  await cleanup?.();
});

const asUser = async (sub: string) =>
  supabaseClient(
    stack.env.SUPABASE_URL,
    stack.env.SUPABASE_ANON_KEY,
    await templateToken(stack.env.SUPABASE_JWT_SECRET, sub),
  );
const anon = () => supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY);
const serviceRole = () => supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_SERVICE_ROLE_KEY);

describe('env', () => {
  it('holds the five values a client needs, and stack.env has the same', async () => {
    expect(Object.keys(stack.env).sort()).toEqual(
      ['DATABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_JWT_SECRET', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_URL'].sort(),
    );
    expect(stack.env.SUPABASE_URL).toBe(`http://127.0.0.1:${options.gatewayPort}`);
    expect(stack.env.SUPABASE_JWT_SECRET.length).toBeGreaterThanOrEqual(40);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(stack.envFile, 'utf8');
    for (const [key, value] of Object.entries(stack.env)) expect(text).toContain(`${key}=${value}`);
  });
});

describe('a signed-in user (Clerk template token)', () => {
  it('inserts, lists, updates and deletes own tasks', async () => {
    const a = await asUser(USER_A);
    const inserted = await a.from('tasks').insert({ name: 'write tests' }).select().single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toMatchObject({ name: 'write tests', done: false, user_id: USER_A });
    const id = inserted.data!.id as number;

    const listed = await a.from('tasks').select('id, name');
    expect(listed.error).toBeNull();
    expect(listed.data).toEqual([{ id, name: 'write tests' }]);

    const updated = await a.from('tasks').update({ done: true, name: 'write more tests' }).eq('id', id).select();
    expect(updated.error).toBeNull();
    expect(updated.data).toMatchObject([{ id, done: true, name: 'write more tests' }]);

    const deleted = await a.from('tasks').delete().eq('id', id).select('id');
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([{ id }]);
    expect((await a.from('tasks').select()).data).toEqual([]);
  });

  it("cannot see, change, delete or create another user's tasks", async () => {
    const a = await asUser(USER_A);
    const b = await asUser(USER_B);
    const own = await a.from('tasks').insert({ name: "A's secret" }).select().single();
    expect(own.error).toBeNull();
    const id = own.data!.id as number;

    expect((await b.from('tasks').select()).data).toEqual([]);
    expect((await b.from('tasks').select().eq('id', id)).data).toEqual([]);

    const update = await b.from('tasks').update({ name: 'hijacked' }).eq('id', id).select();
    expect(update.error).toBeNull();
    expect(update.data).toEqual([]);
    const remove = await b.from('tasks').delete({ count: 'exact' }).eq('id', id);
    expect(remove.error).toBeNull();
    expect(remove.count).toBe(0);

    const forged = await b.from('tasks').insert({ name: 'planted', user_id: USER_A });
    expect(forged.status).toBe(403);
    expect(forged.error?.code).toBe('42501');

    // A's task is untouched, and B's forged row does not exist.
    expect((await a.from('tasks').select('id, name, user_id')).data).toEqual([
      { id, name: "A's secret", user_id: USER_A },
    ]);
    const all = await serviceRole().from('tasks').select('name').eq('name', 'planted');
    expect(all.data).toEqual([]);
  });
});

describe('the anon key alone', () => {
  it("reads none of the users' tasks", async () => {
    await (await asUser(USER_A)).from('tasks').insert({ name: 'not for anon' });
    const read = await anon().from('tasks').select();
    // The migrations grant anon nothing on tasks, so PostgREST answers 401 / 42501; with a
    // select grant, RLS would return []. Either way: no rows.
    expect(read.data ?? []).toEqual([]);
    if (read.error) expect([read.status, read.error.code]).toEqual([401, '42501']);
  });

  it('cannot write', async () => {
    const insert = await anon().from('tasks').insert({ name: 'anonymous', user_id: USER_A });
    expect(insert.status).toBe(401);
    expect(insert.error?.code).toBe('42501');
    const update = await anon().from('tasks').update({ name: 'x' }).eq('user_id', USER_A);
    expect(update.error?.code).toBe('42501');
  });
});

describe('the gateway', () => {
  const tasksUrl = () => `${stack.env.SUPABASE_URL}/rest/v1/tasks`;

  it('answers 401 without an apikey', async () => {
    const response = await fetch(tasksUrl());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'No API key found in request' });
  });

  it('answers 401 to an apikey that is not one of the stack keys', async () => {
    const otherSecretKey = await templateToken('another-project-secret-another-project-secret', USER_A);
    for (const apikey of ['nonsense', otherSecretKey]) {
      const response = await fetch(tasksUrl(), { headers: { apikey } });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ message: 'Invalid API key' });
    }
    const client = supabaseClient(
      stack.env.SUPABASE_URL,
      'wrong-key',
      await templateToken(stack.env.SUPABASE_JWT_SECRET, USER_A),
    );
    expect((await client.from('tasks').select()).status).toBe(401);
  });

  it('accepts the key as ?apikey= and does not pass it to PostgREST as a filter', async () => {
    const response = await fetch(`${tasksUrl()}?select=name&apikey=${stack.env.SUPABASE_SERVICE_ROLE_KEY}`);
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it("passes PostgREST's answer through with CORS headers a browser can read (count in Content-Range)", async () => {
    const token = await templateToken(stack.env.SUPABASE_JWT_SECRET, USER_A);
    const response = await fetch(`${tasksUrl()}?select=id`, {
      method: 'HEAD',
      headers: {
        apikey: stack.env.SUPABASE_ANON_KEY,
        authorization: `Bearer ${token}`,
        prefer: 'count=exact',
        origin: 'http://localhost:3000',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('content-range');
    const { count } = await (await asUser(USER_A)).from('tasks').select('*', { count: 'exact', head: true });
    expect(count).toBeGreaterThan(0);
    expect(response.headers.get('content-range')).toMatch(new RegExp(`/${count}$`));
  });

  it('runs a request without Authorization as the apikey role (service_role sees every row)', async () => {
    await (await asUser(USER_B)).from('tasks').insert({ name: "B's task" });
    const response = await fetch(`${tasksUrl()}?select=user_id`, {
      headers: { apikey: stack.env.SUPABASE_SERVICE_ROLE_KEY },
    });
    const owners = new Set(((await response.json()) as { user_id: string }[]).map((row) => row.user_id));
    expect(owners).toEqual(new Set([USER_A, USER_B]));
  });
});

describe('tokens PostgREST must reject', () => {
  it('an expired token: 401 PGRST301', async () => {
    const expired = await templateToken(stack.env.SUPABASE_JWT_SECRET, USER_A, { expiresInSeconds: -120 });
    const result = await supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, expired)
      .from('tasks')
      .select();
    expect(result.status).toBe(401);
    expect(result.error?.code).toBe('PGRST301');
  });

  it('a token signed with another secret: 401 PGRST301', async () => {
    const forged = await templateToken('not-the-stack-secret-not-the-stack-secret-0000', USER_A);
    const result = await supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, forged)
      .from('tasks')
      .select();
    expect(result.status).toBe(401);
    expect(result.error?.code).toBe('PGRST301');
  });
});

describe('outages and restarts', () => {
  it('answers 503 while PostgREST is down, and recovers when it is back', async () => {
    await stack.stopService('postgrest');
    const down = await fetch(`${stack.env.SUPABASE_URL}/rest/v1/tasks`, {
      headers: { apikey: stack.env.SUPABASE_ANON_KEY },
    });
    expect(down.status).toBe(503);
    expect((await down.json()).message).toMatch(/PostgREST .* is not reachable/);
    await stack.startService('postgrest');
    const a = await asUser(USER_A);
    expect((await a.from('tasks').select('name')).data).toEqual(expect.arrayContaining([{ name: "A's secret" }]));
  });

  it('keeps the rows and the keys across a stop and start of the whole stack', async () => {
    const before = await (await asUser(USER_A)).from('tasks').select('id, name').order('id');
    expect(before.data?.length).toBeGreaterThan(0);
    const keys = { anon: stack.env.SUPABASE_ANON_KEY, service: stack.env.SUPABASE_SERVICE_ROLE_KEY };
    await stack.stop();
    expect(await stack.exited).toEqual({ reason: 'stopped' });

    stack = await startStack(options);
    expect({ anon: stack.env.SUPABASE_ANON_KEY, service: stack.env.SUPABASE_SERVICE_ROLE_KEY }).toEqual(keys);
    const after = await (await asUser(USER_A)).from('tasks').select('id, name').order('id');
    expect(after.error).toBeNull();
    expect(after.data).toEqual(before.data);
  });
});
