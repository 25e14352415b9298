// Insert columns of tasks, the per-user task cap and intent_receipts' RLS at the SQL level, run as
// PostgREST runs each request.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { connect } from '../../tools/db/db.ts';
import { asRole, userClaims } from '../support/as-role.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const ALICE = 'user_alice';
const BOB = 'user_bob';
const RECEIPT = '6f1c1c52-5d9c-4c35-9a43-0d0b8d1f7a01';

let db: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = connect(db.url, { max: 8 });
});
afterAll(async () => {
  await sql?.end();
  await db?.drop();
});
beforeEach(async () => {
  await sql`truncate tasks, intent_receipts`;
});

const as = <T>(sub: string, run: (tx: postgres.TransactionSql) => Promise<T>) =>
  asRole(sql, 'authenticated', userClaims(sub), run);

describe('tasks: authenticated inserts name and done only', () => {
  it('inserts name and done; the database fills the rest', async () => {
    const [row] = await as(
      ALICE,
      (tx) => tx`insert into tasks (name, done) values ('x', true) returning user_id, done`,
    );
    expect(row).toEqual({ user_id: ALICE, done: true });
  });

  it.each([
    ['user_id', (tx: postgres.TransactionSql) => tx`insert into tasks (name, user_id) values ('x', ${ALICE})`],
    ['created_at', (tx: postgres.TransactionSql) => tx`insert into tasks (name, created_at) values ('x', now())`],
    ['id', (tx: postgres.TransactionSql) => tx`insert into tasks (id, name) overriding system value values (99, 'x')`],
  ])('refuses an insert naming %s (42501)', async (_column, statement) => {
    await expect(as(ALICE, statement)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('the per-user task cap', () => {
  const setLimit = (limit: number) =>
    sql.unsafe(
      `create or replace function public.task_limit() returns integer language sql stable as $$ select ${limit} $$`,
    );
  beforeEach(() => setLimit(3));
  afterEach(() => setLimit(10000));

  it('refuses the insert past the cap with TL001, counting rows the user did not insert themselves', async () => {
    await sql`insert into tasks (name, user_id) values ('a', ${ALICE}), ('b', ${ALICE}), ('c', ${ALICE})`;
    await expect(as(ALICE, (tx) => tx`insert into tasks (name) values ('d')`)).rejects.toMatchObject({
      code: 'TL001',
      message: 'task limit reached (3)',
    });
    // Another user is not affected.
    await as(BOB, (tx) => tx`insert into tasks (name) values ('bob')`);
  });

  it('counts rows of the same statement, and applies to the table owner too', async () => {
    await expect(
      as(ALICE, (tx) => tx`insert into tasks (name) values ('1'), ('2'), ('3'), ('4')`),
    ).rejects.toMatchObject({ code: 'TL001' });
    await expect(
      sql`insert into tasks (name, user_id) select 'n' || i, ${BOB} from generate_series(1, 4) as i`,
    ).rejects.toMatchObject({ code: 'TL001' });
    expect(await sql`select count(*)::int as count from tasks`).toEqual([{ count: 0 }]);
  });

  it('holds under concurrent inserts of one user', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) => as(ALICE, (tx) => tx`insert into tasks (name) values (${`t${index}`})`)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of results.filter((result) => result.status === 'rejected')) {
      expect(result.reason).toMatchObject({ code: 'TL001' });
    }
    expect(await sql`select count(*)::int as count from tasks where user_id = ${ALICE}`).toEqual([{ count: 3 }]);
  });
});

describe('intent_receipts', () => {
  it('a user records an id once; the replay fails with 23505 and the receipt is theirs', async () => {
    expect(await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${RECEIPT}) returning user_id`)).toEqual(
      [{ user_id: ALICE }],
    );
    await expect(as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${RECEIPT})`)).rejects.toMatchObject({
      code: '23505',
    });
    expect(await as(ALICE, (tx) => tx`select id from intent_receipts`)).toEqual([{ id: RECEIPT }]);
  });

  it('another user sees none of them and cannot insert one for the owner', async () => {
    await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${RECEIPT})`);
    expect(await as(BOB, (tx) => tx`select * from intent_receipts`)).toEqual([]);
    await expect(
      as(BOB, (tx) => tx`insert into intent_receipts (id, user_id) values (gen_random_uuid(), ${ALICE})`),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it.each([
    [
      'insert created_at',
      (tx: postgres.TransactionSql) =>
        tx`insert into intent_receipts (id, created_at) values (gen_random_uuid(), now())`,
    ],
    ['update', (tx: postgres.TransactionSql) => tx`update intent_receipts set id = gen_random_uuid()`],
    ['delete', (tx: postgres.TransactionSql) => tx`delete from intent_receipts`],
  ])('refuses the owner to %s (42501)', async (_what, statement) => {
    await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${RECEIPT})`);
    await expect(as(ALICE, statement)).rejects.toMatchObject({ code: '42501' });
  });

  it('anon has no privilege, and a token without sub inserts nothing', async () => {
    await expect(
      asRole(sql, 'anon', { role: 'anon' }, (tx) => tx`select * from intent_receipts`),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      asRole(sql, 'authenticated', null, (tx) => tx`insert into intent_receipts (id) values (gen_random_uuid())`),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(23502|42501)$/) });
  });
});

describe('intent_receipts are bounded by the database', () => {
  const setLimit = (limit: number) =>
    sql.unsafe(
      `create or replace function public.receipt_limit() returns integer language sql stable as $$ select ${limit} $$`,
    );
  beforeEach(() => setLimit(3));
  afterEach(() => setLimit(1000));
  const receipt = () => crypto.randomUUID();

  it('refuses a user more than receipt_limit() recent receipts (TL002), others unaffected', async () => {
    for (let i = 0; i < 3; i++) await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`);
    await expect(as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`)).rejects.toMatchObject({
      code: 'TL002',
    });
    await as(BOB, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`);
  });

  it('deletes the caller’s receipts older than a day on their next insert', async () => {
    for (let i = 0; i < 3; i++) await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`);
    await as(BOB, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`);
    await sql`update intent_receipts set created_at = now() - interval '2 days'`;
    await as(ALICE, (tx) => tx`insert into intent_receipts (id) values (${receipt()})`);
    const left = await sql<{ user_id: string; n: number }[]>`
      select user_id, count(*)::int as n from intent_receipts group by user_id order by user_id`;
    expect(left).toEqual([
      { user_id: ALICE, n: 1 },
      { user_id: BOB, n: 1 },
    ]);
  });
});
