// What must hold in a database after the migrations, checked against the catalog rather than trusted
// from the migration journal: `drizzle-kit push` (or a hand edit) can disable RLS or drop policies
// while the journal still says every migration was applied, and `migrate` would then do nothing.
// Each function returns the problems found, one readable sentence each; an empty list means healthy.
import { readFileSync } from 'node:fs';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder, withConnection, type Sql } from './db.ts';
import { hardeningProblems } from './schema-verify-hardening.ts';
import { taskPageProblems } from './schema-verify-task-page.ts';

const TABLE = 'public.tasks';

/** The four row policies of drizzle/0002_tasks_rls.sql, and which expressions each must have. */
export const TASK_POLICIES = [
  { name: 'tasks_select_own', command: 'SELECT', using: true, withCheck: false },
  { name: 'tasks_insert_own', command: 'INSERT', using: false, withCheck: true },
  { name: 'tasks_update_own', command: 'UPDATE', using: true, withCheck: true },
  { name: 'tasks_delete_own', command: 'DELETE', using: true, withCheck: false },
] as const;

/** Verifies RLS, the policies, requesting_user_id(), the grants on public.tasks and the page read. */
export function verifySchema(target: string | Sql): Promise<string[]> {
  return withConnection(target, async (sql) => {
    const problems: string[] = [];
    const [fn] = await sql<{ result: string; authenticatedCanRun: boolean | null }[]>`
      select pg_get_function_result(p.oid) as result,
             case when exists (select from pg_roles where rolname = 'authenticated')
                  then has_function_privilege('authenticated', p.oid, 'EXECUTE') end as "authenticatedCanRun"
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = 'requesting_user_id' and p.pronargs = 0`;
    if (!fn)
      problems.push('function public.requesting_user_id() is missing: every policy on public.tasks depends on it');
    else if (fn.result !== 'text')
      problems.push(`function public.requesting_user_id() returns ${fn.result}, expected text`);
    else if (fn.authenticatedCanRun === false)
      problems.push('authenticated cannot EXECUTE public.requesting_user_id(): every policy would fail');

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
    if (roles.includes('authenticated') && table.hasUserId) {
      const [row] = await sql<{ canUpdate: boolean }[]>`
        select has_column_privilege('authenticated', ${TABLE}, 'user_id', 'UPDATE') as "canUpdate"`;
      if (row?.canUpdate) {
        problems.push(
          `authenticated can UPDATE ${TABLE}.user_id: grant UPDATE on (name, done) only, never on the owner column`,
        );
      }
    }
    problems.push(...(await hardeningProblems(sql, roles)));
    problems.push(...(await taskPageProblems(sql, roles)));
    return problems;
  });
}

export interface ExpectedPolicy {
  name: string;
  command: string;
  using: boolean;
  withCheck: boolean;
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
