// The insert-column grants, the task cap and intent_receipts through the real PostgREST, with
// template-shaped tokens: what a client holding a user's token can do when it skips the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../tools/db/db.ts';
import { startStack, type Stack } from '../../tools/local-stack/stack.ts';
import { supabaseClient, templateToken } from '../support/supabase.ts';
import { testStackOptions } from '../support/test-stack.ts';

let stack: Stack;
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const prepared = await testStackOptions('rest-inserts-test');
  cleanup = prepared.cleanup;
  stack = await startStack(prepared.options);
});
afterAll(async () => {
  await stack?.stop();
  await cleanup?.();
});

const clientAs = async (sub: string) =>
  supabaseClient(
    stack.env.SUPABASE_URL,
    stack.env.SUPABASE_ANON_KEY,
    await templateToken(stack.env.SUPABASE_JWT_SECRET, sub),
  );
const admin = <T>(run: Parameters<typeof withConnection<T>>[1]) => withConnection(stack.env.DATABASE_URL, run);

describe('tasks over REST', () => {
  it('inserts { name }, and refuses user_id or created_at with 403 / 42501, id with 400 / 428C9', async () => {
    const db = await clientAs('user_rest_alice');
    expect((await db.from('tasks').insert({ name: 'fine' })).status).toBe(201);
    for (const extra of [{ user_id: 'user_rest_alice' }, { created_at: '2000-01-01T00:00:00Z' }]) {
      const refused = await db.from('tasks').insert({ name: 'forged', ...extra });
      expect([refused.status, refused.error?.code]).toEqual([403, '42501']);
    }
    // id is GENERATED ALWAYS: PostgreSQL refuses a value for it before privileges are checked.
    const withId = await db.from('tasks').insert({ name: 'forged', id: 123456 } as { name: string });
    expect([withId.status, withId.error?.code]).toEqual([400, '428C9']);
    expect((await db.from('tasks').select('name')).data).toEqual([{ name: 'fine' }]);
  });

  it('refuses the task past the cap with 400 / TL001 "task limit reached (n)"', async () => {
    expect(await admin((sql) => sql`select public.task_limit() as limit`)).toEqual([{ limit: 10000 }]);
    const sub = 'user_rest_capped';
    // Seeded with triggers off: counting per row would make 10,000 single-statement inserts quadratic.
    await admin((sql) =>
      sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`insert into tasks (name, user_id) select 'seeded ' || i, ${sub} from generate_series(1, 10000) as i`;
      }),
    );
    const refused = await (await clientAs(sub)).from('tasks').insert({ name: 'one too many' });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'TL001', message: 'task limit reached (10000)' });
    // Another user still has room.
    expect((await (await clientAs('user_rest_other')).from('tasks').insert({ name: 'room' })).status).toBe(201);
  });
});

describe('intent_receipts over REST', () => {
  const id = 'b1c0f5e8-7f8e-4f5e-9a51-4a3c2f1d0e9b';

  it('records an id once (201), a replay gets 409 / 23505, and only the owner sees it', async () => {
    const alice = await clientAs('user_rest_receipts_alice');
    const bob = await clientAs('user_rest_receipts_bob');
    expect((await alice.from('intent_receipts').insert({ id })).status).toBe(201);
    const replay = await alice.from('intent_receipts').insert({ id });
    expect([replay.status, replay.error?.code]).toEqual([409, '23505']);
    expect((await alice.from('intent_receipts').select('id, user_id')).data).toEqual([
      { id, user_id: 'user_rest_receipts_alice' },
    ]);
    expect((await bob.from('intent_receipts').select()).data).toEqual([]);
  });

  it('another user cannot insert a receipt for someone else, nor set created_at', async () => {
    const bob = await clientAs('user_rest_receipts_bob2');
    for (const forged of [
      { id: crypto.randomUUID(), user_id: 'user_rest_receipts_alice' },
      { id: crypto.randomUUID(), created_at: '2000-01-01T00:00:00Z' },
    ]) {
      const refused = await bob.from('intent_receipts').insert(forged as { id: string });
      expect([refused.status, refused.error?.code]).toEqual([403, '42501']);
    }
  });
});
