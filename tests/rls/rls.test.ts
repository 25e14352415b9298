// Row Level Security on tasks at the SQL level, run as PostgREST runs each request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { connect } from '../../tools/db/db.ts';
import { asRole, userClaims } from '../support/as-role.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const ALICE = 'user_alice';
const BOB = 'user_bob';

let db: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = connect(db.url, { max: 4 });
});
afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

let aliceTaskId: number;
beforeEach(async () => {
  await sql`truncate tasks`;
  const [row] = await sql<{ id: number }[]>`
    insert into tasks (name, user_id) values ('alice task', ${ALICE}) returning id`;
  aliceTaskId = Number(row!.id);
});

const alice = <T>(run: (tx: postgres.TransactionSql) => Promise<T>) =>
  asRole(sql, 'authenticated', userClaims(ALICE), run);
const bob = <T>(run: (tx: postgres.TransactionSql) => Promise<T>) => asRole(sql, 'authenticated', userClaims(BOB), run);
const noClaims = <T>(run: (tx: postgres.TransactionSql) => Promise<T>) => asRole(sql, 'authenticated', null, run);
const anon = <T>(run: (tx: postgres.TransactionSql) => Promise<T>) => asRole(sql, 'anon', { role: 'anon' }, run);

async function aliceRow() {
  const [row] = await sql`select name, done, user_id from tasks where id = ${aliceTaskId}`;
  return row;
}

describe('owner', () => {
  it('selects, inserts, updates and deletes own tasks', async () => {
    expect(await alice((tx) => tx`select name from tasks`)).toEqual([{ name: 'alice task' }]);

    const inserted = await alice((tx) => tx`insert into tasks (name) values ('second') returning user_id`);
    expect(inserted).toEqual([{ user_id: ALICE }]);

    const updated = await alice((tx) => tx`update tasks set done = true, name = 'renamed' where id = ${aliceTaskId}`);
    expect(updated.count).toBe(1);
    expect(await aliceRow()).toEqual({ name: 'renamed', done: true, user_id: ALICE });

    const deleted = await alice((tx) => tx`delete from tasks where id = ${aliceTaskId}`);
    expect(deleted.count).toBe(1);
    expect(await aliceRow()).toBeUndefined();
  });

  it('gets user_id from the claims sub by default', async () => {
    await alice((tx) => tx`insert into tasks (name) values ('defaulted')`);
    const [row] = await sql`select user_id from tasks where name = 'defaulted'`;
    expect(row).toEqual({ user_id: ALICE });
  });

  it('cannot change user_id, even to itself', async () => {
    await expect(alice((tx) => tx`update tasks set user_id = ${BOB} where id = ${aliceTaskId}`)).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      alice((tx) => tx`update tasks set user_id = ${ALICE} where id = ${aliceTaskId}`),
    ).rejects.toMatchObject({
      code: '42501',
    });
    expect(await aliceRow()).toMatchObject({ user_id: ALICE });
  });
});

describe('another user', () => {
  it('sees none of the owner tasks', async () => {
    expect(await bob((tx) => tx`select * from tasks`)).toEqual([]);
    expect(await bob((tx) => tx`select * from tasks where id = ${aliceTaskId}`)).toEqual([]);
  });

  it('updates and deletes nothing', async () => {
    expect((await bob((tx) => tx`update tasks set done = true, name = 'pwned' where id = ${aliceTaskId}`)).count).toBe(
      0,
    );
    expect((await bob((tx) => tx`delete from tasks where id = ${aliceTaskId}`)).count).toBe(0);
    expect((await bob((tx) => tx`delete from tasks`)).count).toBe(0);
    expect(await aliceRow()).toEqual({ name: 'alice task', done: false, user_id: ALICE });
  });

  it('cannot insert a task for the owner', async () => {
    await expect(bob((tx) => tx`insert into tasks (name, user_id) values ('forged', ${ALICE})`)).rejects.toMatchObject({
      code: '42501',
    });
    const [{ count }] = (await sql`select count(*)::int as count from tasks where user_id = ${ALICE}`) as unknown as [
      { count: number },
    ];
    expect(count).toBe(1);
  });
});

describe('no claims (authenticated role without a sub)', () => {
  it('reads nothing, changes nothing, inserts nothing', async () => {
    expect(await noClaims((tx) => tx`select * from tasks`)).toEqual([]);
    expect((await noClaims((tx) => tx`update tasks set done = true`)).count).toBe(0);
    expect((await noClaims((tx) => tx`delete from tasks`)).count).toBe(0);
    // user_id defaults to NULL: the NOT NULL constraint rejects it before the policy does.
    await expect(noClaims((tx) => tx`insert into tasks (name) values ('nobody')`)).rejects.toMatchObject({
      code: expect.stringMatching(/^(23502|42501)$/),
    });
    await expect(noClaims((tx) => tx`insert into tasks (name, user_id) values ('x', ${ALICE})`)).rejects.toMatchObject({
      code: '42501',
    });
    expect(await aliceRow()).toEqual({ name: 'alice task', done: false, user_id: ALICE });
  });
});

describe('anon', () => {
  it.each([
    ['select', (tx: postgres.TransactionSql) => tx`select * from tasks`],
    ['insert', (tx: postgres.TransactionSql) => tx`insert into tasks (name, user_id) values ('x', ${ALICE})`],
    ['update', (tx: postgres.TransactionSql) => tx`update tasks set done = true`],
    ['delete', (tx: postgres.TransactionSql) => tx`delete from tasks`],
  ])('has no privilege to %s', async (_command, statement) => {
    await expect(anon(statement)).rejects.toMatchObject({ code: '42501' });
    expect(await aliceRow()).toEqual({ name: 'alice task', done: false, user_id: ALICE });
  });

  it('is refused even with a sub claim', async () => {
    await expect(
      asRole(sql, 'anon', { sub: ALICE, role: 'anon' }, (tx) => tx`select * from tasks`),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('name check', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['untrimmed', ' padded '],
    ['501 characters', 'x'.repeat(501)],
  ])('rejects a %s name', async (_case, name) => {
    await expect(alice((tx) => tx`insert into tasks (name) values (${name})`)).rejects.toMatchObject({ code: '23514' });
  });

  it('accepts exactly 500 characters', async () => {
    await alice((tx) => tx`insert into tasks (name) values (${'x'.repeat(500)})`);
    const [row] = await sql`select char_length(name) as length from tasks where user_id = ${ALICE} and name like 'xx%'`;
    expect(row).toEqual({ length: 500 });
  });
});

describe('each policy is load-bearing', () => {
  // Proves the tests above would fail without the policies: with a policy dropped, the owner loses
  // that command (RLS denies by default), in a transaction that is rolled back.
  it.each([
    [
      'tasks_select_own',
      (tx: postgres.TransactionSql) => tx`select * from tasks`,
      (r: postgres.RowList<postgres.Row[]>) => r.length,
    ],
    [
      'tasks_update_own',
      (tx: postgres.TransactionSql) => tx`update tasks set done = true`,
      (r: postgres.RowList<postgres.Row[]>) => r.count,
    ],
    [
      'tasks_delete_own',
      (tx: postgres.TransactionSql) => tx`delete from tasks`,
      (r: postgres.RowList<postgres.Row[]>) => r.count,
    ],
  ])('without %s the owner is denied', async (policy, statement, affected) => {
    const rolledBack = new Error('rollback');
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe(`drop policy ${policy} on tasks`);
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(userClaims(ALICE))}, true)`;
        await tx.unsafe('set local role authenticated');
        expect(affected(await statement(tx))).toBe(0);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(affected(await alice(statement))).toBe(1);
  });

  it('without tasks_insert_own the owner cannot insert', async () => {
    const rolledBack = new Error('rollback');
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('drop policy tasks_insert_own on tasks');
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(userClaims(ALICE))}, true)`;
        await tx.unsafe('set local role authenticated');
        await expect(tx`insert into tasks (name) values ('x')`).rejects.toMatchObject({ code: '42501' });
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});
