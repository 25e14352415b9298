// task_page(), the list page's one read, as PostgREST runs it: per context (personal or an active
// organization), with the `show` filter and keyset cursors, the counts of the whole list, and each
// row's user_id.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { connect } from '../../tools/db/db.ts';
import { asRole, userClaims, type Claims } from '../../tests/support/as-role.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';

interface Page {
  tasks: { id: number; name: string; done: boolean; created_at: string; user_id: string }[];
  open: number;
  done: number;
}

const ALICE = 'user_alice';
const BOB = 'user_bob';
const inOrg = (sub: string) => ({ ...userClaims(sub), org_id: 'org_a', org_role: 'org:member' });

let db: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = connect(db.url, { max: 2 });
});
afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

const page = (claims: Claims, args: Record<string, unknown> = {}) =>
  asRole(sql, 'authenticated', claims, async (tx) => {
    const [row] = await tx<{ page: Page }[]>`
      select task_page(
        older_created_at => ${(args.older_created_at as string) ?? null}::timestamptz,
        older_id => ${(args.older_id as number) ?? null}::bigint,
        page_size => ${(args.page_size as number) ?? 50},
        show => ${(args.show as string) ?? 'all'}) as page`;
    return row!.page;
  });

const add = (claims: Claims, name: string, done = false) =>
  asRole(sql, 'authenticated', claims, (tx) => tx`insert into tasks (name, done) values (${name}, ${done})`);

beforeEach(async () => {
  await sql`truncate tasks`;
  await add(userClaims(ALICE), 'alice open');
  await add(userClaims(ALICE), 'alice done', true);
  await add(userClaims(BOB), 'bob open');
  await add(inOrg(ALICE), 'org by alice');
  await add(inOrg(BOB), 'org by bob', true);
});

const names = (p: Page) => p.tasks.map((task) => task.name);

describe('task_page()', () => {
  it("returns the caller's personal list, newest first, with its counts and each row's user_id", async () => {
    const result = await page(userClaims(ALICE));
    expect(names(result)).toEqual(['alice done', 'alice open']);
    expect(result.tasks.every((task) => task.user_id === ALICE)).toBe(true);
    expect([result.open, result.done]).toEqual([1, 1]);
  });

  it("returns the active organization's list to each member, with who added each task", async () => {
    for (const member of [ALICE, BOB]) {
      const result = await page(inOrg(member));
      expect(result.tasks.map(({ name, user_id }) => [name, user_id])).toEqual([
        ['org by bob', BOB],
        ['org by alice', ALICE],
      ]);
      expect([result.open, result.done]).toEqual([1, 1]);
    }
  });

  it('filters by show and keeps the counts of the whole list', async () => {
    const open = await page(userClaims(ALICE), { show: 'open' });
    const done = await page(userClaims(ALICE), { show: 'done' });
    expect(names(open)).toEqual(['alice open']);
    expect(names(done)).toEqual(['alice done']);
    expect([open.open, open.done, done.open, done.done]).toEqual([1, 1, 1, 1]);
  });

  it('pages by cursor within the filter', async () => {
    for (let i = 0; i < 3; i++) await add(userClaims(ALICE), `alice more ${i}`);
    const first = await page(userClaims(ALICE), { show: 'open', page_size: 2 });
    // One row more than the page size says there is another page.
    expect(names(first)).toEqual(['alice more 2', 'alice more 1', 'alice more 0']);
    const edge = first.tasks[1]!;
    const next = await page(userClaims(ALICE), {
      show: 'open',
      page_size: 2,
      older_created_at: edge.created_at,
      older_id: edge.id,
    });
    expect(names(next)).toEqual(['alice more 0', 'alice open']);
  });

  it('refuses an unknown filter and sees nothing for a caller without a user id', async () => {
    await expect(page(userClaims(ALICE), { show: 'everything' })).rejects.toMatchObject({ code: '22023' });
    const nobody = await page({ role: 'authenticated' });
    expect([nobody.tasks, nobody.open, nobody.done]).toEqual([[], 0, 0]);
  });

  it('cannot be called by anon', async () => {
    await expect(asRole(sql, 'anon', null, (tx) => tx`select task_page()`)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('add_task()', () => {
  const addTask = (claims: Claims, name: string, show = 'all') =>
    asRole(sql, 'authenticated', claims, async (tx) => {
      const [row] = await tx<{ result: { id: number; page: Page } }[]>`
        select add_task(name => ${name}, page_size => 50, show => ${show}) as result`;
      return row!.result;
    });
  const owners = () => sql<{ name: string; user_id: string; org_id: string | null }[]>`
    select name, user_id, org_id from tasks where name like 'added %' order by id`;

  it("adds to the caller's own list and answers with that list's first page, the new task in it", async () => {
    const { id, page: result } = await addTask(userClaims(ALICE), 'added by alice');
    expect(names(result)).toEqual(['added by alice', 'alice done', 'alice open']);
    expect(result.tasks[0]!.id).toBe(id);
    expect([result.open, result.done]).toEqual([2, 1]);
    expect(await owners()).toEqual([{ name: 'added by alice', user_id: ALICE, org_id: null }]);
    // Bob's list neither holds it nor shows it.
    expect(names(await page(userClaims(BOB)))).toEqual(['bob open']);
  });

  it("adds to the active organization's list, for every member to see, and no one's personal list", async () => {
    const { page: result } = await addTask(inOrg(BOB), 'added in org');
    expect(names(result)).toEqual(['added in org', 'org by bob', 'org by alice']);
    expect(await owners()).toEqual([{ name: 'added in org', user_id: BOB, org_id: 'org_a' }]);
    expect(names(await page(inOrg(ALICE)))).toContain('added in org');
    expect(names(await page(userClaims(BOB)))).toEqual(['bob open']);
  });

  it('keeps the rules of a plain insert: the name CHECK, a caller without a user id, and anon', async () => {
    await expect(addTask(userClaims(ALICE), '  ')).rejects.toMatchObject({ code: '23514' });
    await expect(addTask({ role: 'authenticated' }, 'added by nobody')).rejects.toMatchObject({ code: '42501' });
    await expect(asRole(sql, 'anon', null, (tx) => tx`select add_task(name => 'added by anon')`)).rejects.toMatchObject(
      { code: '42501' },
    );
    expect(await owners()).toEqual([]);
  });
});
