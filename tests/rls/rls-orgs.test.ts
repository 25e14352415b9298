// Organization-shared tasks under Row Level Security at the SQL level, with the claims each auth mode
// carries: template tokens (top-level org_id / org_role "org:admin") and native v2 session tokens (the
// nested `o` object, o.rol "admin").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { connect } from '../../tools/db/db.ts';
import { asRole, type Claims } from '../support/as-role.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const ORG_A = 'org_a';
const ORG_B = 'org_b';
const ADMIN_A = 'user_admin_a';
const MEMBER_A = 'user_member_a';
const MEMBER_B = 'user_member_b';
const LONER = 'user_personal';

type Mode = 'template' | 'native';
type Role = 'admin' | 'member';

function claims(mode: Mode, sub: string, org?: { id: string; role: Role }): Claims {
  const base = { sub, role: 'authenticated', aud: 'authenticated' };
  if (!org) return mode === 'template' ? { ...base, org_id: null, org_role: null } : { ...base, v: 2 };
  return mode === 'template'
    ? { ...base, org_id: org.id, org_role: `org:${org.role}` }
    : { ...base, v: 2, o: { id: org.id, rol: org.role, slg: org.id.replace('_', '-') } };
}

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

describe('requesting_org_id() and requesting_org_role()', () => {
  const read = (c: Claims) =>
    asRole(sql, 'authenticated', c, (tx) => tx`select requesting_org_id() as id, requesting_org_role() as role`).then(
      (rows) => rows[0],
    );

  it.each<[string, Claims, { id: string | null; role: string | null }]>([
    ['template claims', { sub: 'u', org_id: 'org_1', org_role: 'org:admin' }, { id: 'org_1', role: 'admin' }],
    ['template member', { sub: 'u', org_id: 'org_1', org_role: 'org:member' }, { id: 'org_1', role: 'member' }],
    ['native o claim', { sub: 'u', v: 2, o: { id: 'org_1', rol: 'admin', slg: 's' } }, { id: 'org_1', role: 'admin' }],
    ['native member', { sub: 'u', v: 2, o: { id: 'org_1', rol: 'member' } }, { id: 'org_1', role: 'member' }],
    ['template with no active org (null)', { sub: 'u', org_id: null, org_role: null }, { id: null, role: null }],
    ['template with no active org (empty)', { sub: 'u', org_id: '', org_role: '' }, { id: null, role: null }],
    ['a claim literally named "o.id"', { sub: 'u', 'o.id': 'org_1', 'o.rol': 'admin' }, { id: null, role: null }],
    ['an `o` that is not an object', { sub: 'u', o: 'org_1' }, { id: null, role: null }],
    [
      'a role without an organization',
      { sub: 'u', org_role: 'org:admin', o: { rol: 'admin' } },
      { id: null, role: null },
    ],
    ['no claims at all', null, { id: null, role: null }],
  ])('%s', async (_case, given, expected) => {
    expect(await read(given)).toEqual(expected);
  });
});

describe.each<Mode>(['template', 'native'])('organization tasks with %s claims', (mode) => {
  const as = <T>(c: Claims, run: (tx: postgres.TransactionSql) => Promise<T>) => asRole(sql, 'authenticated', c, run);
  const adminA = claims(mode, ADMIN_A, { id: ORG_A, role: 'admin' });
  const memberA = claims(mode, MEMBER_A, { id: ORG_A, role: 'member' });
  const memberB = claims(mode, MEMBER_B, { id: ORG_B, role: 'member' });
  const loner = claims(mode, LONER);
  // A member of A acting for B: only possible with a token Clerk would not issue, so B's rows decide.
  const memberAInB = claims(mode, MEMBER_A, { id: ORG_B, role: 'member' });
  const memberAPersonal = claims(mode, MEMBER_A);

  const insert = (c: Claims, name: string) =>
    as(
      c,
      (tx) => tx<{ id: string; org_id: string | null }[]>`
      insert into tasks (name) values (${name}) returning id, user_id, org_id`,
    ).then((rows) => rows[0]!);
  const names = (c: Claims) =>
    as(c, (tx) => tx<{ name: string }[]>`select name from tasks order by name`).then((rows) =>
      rows.map((row) => row.name),
    );

  let adminTask: string;
  let memberTask: string;
  beforeEach(async () => {
    await sql`truncate tasks`;
    adminTask = (await insert(adminA, 'a: admin')).id;
    memberTask = (await insert(memberA, 'a: member')).id;
    await insert(memberB, 'b: member');
    await insert(loner, 'personal: loner');
    await insert(memberAPersonal, 'personal: member a');
  });

  it('org_id and user_id come from the token', async () => {
    expect(await sql`select name, user_id, org_id from tasks order by name`).toEqual([
      { name: 'a: admin', user_id: ADMIN_A, org_id: ORG_A },
      { name: 'a: member', user_id: MEMBER_A, org_id: ORG_A },
      { name: 'b: member', user_id: MEMBER_B, org_id: ORG_B },
      { name: 'personal: loner', user_id: LONER, org_id: null },
      { name: 'personal: member a', user_id: MEMBER_A, org_id: null },
    ]);
  });

  it("members of one organization see each other's tasks, and only those", async () => {
    expect(await names(adminA)).toEqual(['a: admin', 'a: member']);
    expect(await names(memberA)).toEqual(['a: admin', 'a: member']);
    expect(await names(memberB)).toEqual(['b: member']);
  });

  it('personal tasks are never visible in an organization context, nor organization tasks in the personal one', async () => {
    expect(await names(loner)).toEqual(['personal: loner']);
    expect(await names(memberAPersonal)).toEqual(['personal: member a']);
    expect(await names(memberA)).not.toContain('personal: member a');
  });

  it("a member of A whose active organization is B sees B's tasks, none of A's or their own personal ones", async () => {
    expect(await names(memberAInB)).toEqual(['b: member']);
  });

  it("members update the organization's tasks; nobody outside changes them", async () => {
    expect((await as(memberA, (tx) => tx`update tasks set done = true where id = ${adminTask}`)).count).toBe(1);
    expect((await as(memberB, (tx) => tx`update tasks set name = 'x' where id = ${adminTask}`)).count).toBe(0);
    expect((await as(loner, (tx) => tx`update tasks set name = 'x' where id = ${adminTask}`)).count).toBe(0);
    expect((await as(memberAPersonal, (tx) => tx`update tasks set name = 'x' where id = ${adminTask}`)).count).toBe(0);
    expect(await sql`select name, done from tasks where id = ${adminTask}`).toEqual([{ name: 'a: admin', done: true }]);
  });

  it("a member cannot delete the admin's task; the admin can delete the member's", async () => {
    expect((await as(memberA, (tx) => tx`delete from tasks where id = ${adminTask}`)).count).toBe(0);
    expect((await as(adminA, (tx) => tx`delete from tasks where id = ${memberTask}`)).count).toBe(1);
    expect((await as(memberA, (tx) => tx`delete from tasks where org_id = ${ORG_A}`)).count).toBe(0);
    expect((await as(adminA, (tx) => tx`delete from tasks where id = ${adminTask}`)).count).toBe(1);
  });

  it("a member deletes their own organization task; an admin of B deletes none of A's", async () => {
    const adminB = claims(mode, MEMBER_B, { id: ORG_B, role: 'admin' });
    expect((await as(adminB, (tx) => tx`delete from tasks where org_id = ${ORG_A}`)).count).toBe(0);
    expect((await as(memberA, (tx) => tx`delete from tasks where id = ${memberTask}`)).count).toBe(1);
  });

  it('an admin of A deletes no personal task, not even their own while acting for A', async () => {
    expect((await as(adminA, (tx) => tx`delete from tasks where org_id is null`)).count).toBe(0);
    expect(await sql`select count(*)::int as n from tasks where org_id is null`).toEqual([{ n: 2 }]);
  });

  it('neither user_id nor org_id can be written through the API', async () => {
    for (const statement of [
      (tx: postgres.TransactionSql) => tx`update tasks set org_id = ${ORG_B} where id = ${memberTask}`,
      (tx: postgres.TransactionSql) => tx`update tasks set org_id = null where id = ${memberTask}`,
      (tx: postgres.TransactionSql) => tx`update tasks set user_id = ${ADMIN_A} where id = ${memberTask}`,
      (tx: postgres.TransactionSql) => tx`insert into tasks (name, org_id) values ('planted', ${ORG_B})`,
      (tx: postgres.TransactionSql) => tx`insert into tasks (name, org_id) values ('planted', ${ORG_A})`,
    ]) {
      await expect(as(memberA, statement)).rejects.toMatchObject({ code: '42501' });
    }
  });
});
