// What must hold in a database after the migrations, checked against the catalog rather than trusted
// from the migration journal: `drizzle-kit push` (or a hand edit) can disable RLS or drop policies
// while the journal still says every migration was applied, and `migrate` would then do nothing.
// Each function returns the problems found, one readable sentence each; an empty list means healthy.
import { readFileSync } from 'node:fs';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder, withConnection, type Sql } from './db.ts';
import { insertProblems } from './schema-verify-inserts.ts';
import { taskPageProblems } from './schema-verify-task-page.ts';

const TABLE = 'public.tasks';

/**
 * The four row policies of drizzle/0002_tasks_rls.sql as drizzle/0010_tasks_org_rls.sql rewrote them, and
 * which expressions each must have; `org` ones must also compare org_id with requesting_org_id().
 */
export const TASK_POLICIES = [
  { name: 'tasks_select_own', command: 'SELECT', using: true, withCheck: false, org: true },
  { name: 'tasks_insert_own', command: 'INSERT', using: false, withCheck: true, org: true },
  { name: 'tasks_update_own', command: 'UPDATE', using: true, withCheck: true, org: true },
  { name: 'tasks_delete_own', command: 'DELETE', using: true, withCheck: false, org: true },
] as const;

/** The functions the task policies call, and what depends on each: each must return text, callable by authenticated. */
const CLAIM_FUNCTIONS = {
  requesting_user_id: 'every policy on public.tasks depends on it',
  requesting_org_id: 'every policy on public.tasks depends on it',
  requesting_org_role:
    "the delete policy on public.tasks depends on it (admins delete any of their organization's tasks)",
} as const;

/** Verifies RLS, the policies, the claim functions, the grants on public.tasks and the page read. */
export function verifySchema(target: string | Sql): Promise<string[]> {
  return withConnection(target, async (sql) => {
    const problems: string[] = [];
    for (const [name, dependents] of Object.entries(CLAIM_FUNCTIONS))
      problems.push(...(await claimFunctionProblems(sql, name, dependents)));

    const [table] = await sql<{ rls: boolean; hasUserId: boolean }[]>`
      select c.relrowsecurity as rls,
             exists (select from pg_attribute a
                     where a.attrelid = c.oid and a.attname = 'user_id' and a.attnum > 0 and not a.attisdropped) as "hasUserId"
      from pg_class c where c.oid = to_regclass(${TABLE})`;
    if (!table) return [...problems, `table ${TABLE} is missing`];
    if (!table.rls)
      problems.push(`row level security is DISABLED on ${TABLE}: every row is visible to any role with a grant`);

    problems.push(...(await policyProblems(sql)));

    const roles = (
      await sql<{ rolname: string }[]>`
      select rolname from pg_roles where rolname in ('anon', 'authenticated')`
    ).map((row) => row.rolname);
    for (const role of ['anon', 'authenticated'].filter((name) => !roles.includes(name))) {
      problems.push(`role ${role} is missing (plain PostgreSQL needs supabase/roles.sql)`);
    }
    if (roles.includes('anon')) problems.push(...(await anonPrivilegeProblems(sql, TABLE)));
    if (roles.includes('authenticated')) {
      const owners = await sql<{ column: string }[]>`
        select a.attname as column from pg_attribute a
        where a.attrelid = to_regclass(${TABLE}) and a.attname in ('user_id', 'org_id') and not a.attisdropped
          and has_column_privilege('authenticated', a.attrelid, a.attnum, 'UPDATE')
        order by a.attname desc`;
      for (const { column } of owners) {
        problems.push(
          `authenticated can UPDATE ${TABLE}.${column}: grant UPDATE on (name, done) only, never on the owner columns`,
        );
      }
    }
    problems.push(...(await orgColumnProblems(sql)));
    problems.push(...(await insertProblems(sql, roles)));
    problems.push(...(await sequenceProblems(sql, roles)));
    problems.push(...(await taskPageProblems(sql, roles)));
    return problems;
  });
}

export interface ExpectedPolicy {
  name: string;
  command: string;
  using: boolean;
  withCheck: boolean;
  /** Also compares org_id with requesting_org_id(). */
  org?: boolean;
}

/** Checks the policies of `table` ("schema.name") against `expected`; extra permissive ones are problems. */
export async function policyProblems(
  sql: Sql,
  table = TABLE,
  expected: readonly ExpectedPolicy[] = TASK_POLICIES,
): Promise<string[]> {
  const [schemaName, tableName] = table.split('.');
  const rows = await sql<
    {
      name: string;
      command: string;
      roles: string[];
      permissive: string;
      qual: string | null;
      withCheck: string | null;
    }[]
  >`
    select policyname as name, cmd as command, roles::text[] as roles, permissive, qual, with_check as "withCheck"
    from pg_policies where schemaname = ${schemaName!} and tablename = ${tableName!}`;
  const problems: string[] = [];
  for (const policy of expected) {
    const label = `policy ${policy.name} (FOR ${policy.command} TO authenticated)`;
    const found = rows.find((row) => row.name === policy.name);
    if (!found) {
      problems.push(`${label} is missing on ${table}`);
      continue;
    }
    if (found.command !== policy.command) problems.push(`${label} is FOR ${found.command}`);
    if (found.roles.length !== 1 || found.roles[0] !== 'authenticated') {
      problems.push(`${label} applies TO ${[...found.roles].sort().join(', ')}`);
    }
    if (found.permissive !== 'PERMISSIVE') problems.push(`${label} is ${found.permissive}, expected PERMISSIVE`);
    // A sanity check, not a proof: the RLS tests prove behaviour; this catches `using (true)` and the like.
    for (const [clause, wanted, expression] of [
      ['USING', policy.using, found.qual],
      ['WITH CHECK', policy.withCheck, found.withCheck],
    ] as const) {
      if (wanted && !comparesOwner(expression)) {
        problems.push(
          `${label} ${clause} does not compare user_id with requesting_user_id(): ${expression ?? '(none)'}`,
        );
      }
      if (wanted && policy.org && !comparesOrg(expression)) {
        problems.push(`${label} ${clause} does not compare org_id with requesting_org_id(): ${expression ?? '(none)'}`);
      }
    }
  }
  // Permissive policies are OR-ed together: any extra one widens access past the expected ones.
  for (const row of rows) {
    if (row.permissive === 'PERMISSIVE' && !expected.some((policy) => policy.name === row.name)) {
      problems.push(
        `unexpected permissive policy ${row.name} (FOR ${row.command} TO ${row.roles.join(', ')}) on ${table}`,
      );
    }
  }
  return problems;
}

function comparesOwner(expression: string | null): boolean {
  return expression !== null && expression.includes('requesting_user_id()') && /\buser_id\b/.test(expression);
}

function comparesOrg(expression: string | null): boolean {
  return expression !== null && expression.includes('requesting_org_id()') && /\borg_id\b/.test(expression);
}

async function claimFunctionProblems(sql: Sql, name: string, dependents: string): Promise<string[]> {
  const [fn] = await sql<{ result: string; authenticatedCanRun: boolean | null }[]>`
    select pg_get_function_result(p.oid) as result,
           case when exists (select from pg_roles where rolname = 'authenticated')
                then has_function_privilege('authenticated', p.oid, 'EXECUTE') end as "authenticatedCanRun"
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = ${name} and p.pronargs = 0`;
  if (!fn) return [`function public.${name}() is missing: ${dependents}`];
  if (fn.result !== 'text') return [`function public.${name}() returns ${fn.result}, expected text`];
  if (fn.authenticatedCanRun === false)
    return [`authenticated cannot EXECUTE public.${name}(): the policies calling it would fail`];
  return [];
}

/** tasks.org_id must default to the caller's active organization: clients cannot name it. */
async function orgColumnProblems(sql: Sql): Promise<string[]> {
  const [column] = await sql<{ defaultExpression: string | null }[]>`
    select pg_get_expr(d.adbin, d.adrelid) as "defaultExpression"
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = to_regclass(${TABLE}) and a.attname = 'org_id' and not a.attisdropped`;
  if (!column) return [`${TABLE}.org_id is missing: organization tasks cannot be stored`];
  if (!column.defaultExpression?.includes('requesting_org_id()'))
    return [`${TABLE}.org_id does not default to requesting_org_id(): ${column.defaultExpression ?? '(no default)'}`];
  return [];
}

/** Effective privileges, so grants to PUBLIC and to roles anon is a member of count too. */
export async function anonPrivilegeProblems(sql: Sql, table: string): Promise<string[]> {
  const [{ version } = { version: 0 }] = await sql<{ version: number }[]>`
    select current_setting('server_version_num')::int as version`;
  const tablePrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
  if (version >= 170000) tablePrivileges.push('MAINTAIN');
  const onTable = await sql<{ privilege: string }[]>`
    select p as privilege from unnest(${tablePrivileges}::text[]) as p
    where has_table_privilege('anon', ${table}, p)`;
  const onColumns = await sql<{ column: string; privilege: string }[]>`
    select a.attname as column, p as privilege
    from pg_attribute a cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) as p
    where a.attrelid = to_regclass(${table}) and a.attnum > 0 and not a.attisdropped
      and has_column_privilege('anon', a.attrelid, a.attnum, p)
      and not has_table_privilege('anon', a.attrelid, p)
    order by a.attnum, p`;
  return [
    ...onTable.map(({ privilege }) => `anon has ${privilege} on ${table}: anon must have no privilege on it`),
    ...onColumns.map(
      ({ column, privilege }) =>
        `anon has ${privilege} on column ${table}.${column}: anon must have no privilege on it`,
    ),
  ];
}

/**
 * Every migration in drizzle/ must be recorded, by hash, in drizzle's journal. drizzle's migrator only
 * runs migrations dated after the last recorded one, so an edited file, or one merged with an older
 * timestamp, is skipped without a word.
 */
export function verifyMigrationJournal(target: string | Sql): Promise<string[]> {
  return withConnection(target, async (sql) => {
    const recorded = new Set((await appliedMigrations(sql)).map((row) => row.hash));
    const tags = (
      JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }
    ).entries.map((entry) => entry.tag);
    return readMigrationFiles({ migrationsFolder })
      .map((migration, index) => ({ migration, file: `drizzle/${tags[index] ?? `#${index}`}.sql` }))
      .filter(({ migration }) => !recorded.has(migration.hash))
      .map(
        ({ file }) =>
          `${file} is not recorded in drizzle.__drizzle_migrations: it was edited after being applied, ` +
          'or it is dated before the last applied migration and was skipped',
      );
  });
}

/** The rows of drizzle's journal; none when the journal table does not exist yet. */
export async function appliedMigrations(target: string | Sql): Promise<{ hash: string; createdAt: string }[]> {
  return withConnection(target, async (sql) => {
    const [exists] = await sql<{ present: boolean }[]>`
      select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
    if (!exists?.present) return [];
    return sql<{ hash: string; createdAt: string }[]>`
      select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by id`;
  });
}

/** The API roles must have no privilege on the tasks id sequence (hosted defaults grant them ALL). */
async function sequenceProblems(sql: Sql, roles: string[]): Promise<string[]> {
  const apiRoles = roles.filter((role) => role === 'anon' || role === 'authenticated');
  const granted = await sql<{ role: string; privilege: string }[]>`
    select r as role, p as privilege
    from unnest(${apiRoles}::text[]) as r cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p
    where to_regclass('public.tasks_id_seq') is not null and has_sequence_privilege(r, 'public.tasks_id_seq', p)`;
  return granted.map(
    ({ role, privilege }) =>
      `${role} has ${privilege} on public.tasks_id_seq: revoke all on the sequence from the API roles`,
  );
}
