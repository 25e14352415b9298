// The RLS-at-scale data: a million tasks across ten thousand users, generated inside PostgreSQL in one
// statement (no rows cross the wire), and the policy/index swaps of the variants. Only ever run
// against the benchmark's throw-away database.
import type { Sql } from 'postgres';

export interface DataSize {
  tasks: number;
  users: number;
  /** Organizations, when the layout has them. */
  orgs: number;
}

export const FULL_SIZE: DataSize = { tasks: 1_000_000, users: 10_000, orgs: 1_000 };
const INDEX = 'tasks_user_id_created_at_id_idx';

export const benchUserId = (n: number) => `user_bench_${String(n).padStart(5, '0')}`;
export const benchOrgId = (n: number) => `org_bench_${String(n).padStart(4, '0')}`;

const orgSpacing = (size: DataSize) => Math.floor(size.orgs / 3);

/** The organizations user n belongs to: three each, spread so that every organization has as many members. */
export const orgsOfUser = (n: number, size: DataSize = FULL_SIZE) =>
  [0, 1, 2].map((k) => (n + k * orgSpacing(size)) % size.orgs);

/**
 * Where the rows go. `personal`: every task personal, 100 per user. `organizations`: the users' tasks
 * in laps of one task per user; odd laps go to an organization of the user's (the three in turn), so
 * each user has 50 personal tasks and each organization about 500 tasks from its 30 members.
 */
export type DataLayout = 'personal' | 'organizations';

/** Row g's organization (see orgsOfUser), or null for a personal task. */
const orgOfRow = ({ users, orgs, ...size }: DataSize) => `case when (g / ${users}) % 2 = 1
  then 'org_bench_' || lpad((((g % ${users}) + ((g / ${users} / 2) % 3) * ${orgSpacing({ users, orgs, ...size })}) % ${orgs})::text, 4, '0') end`;

/**
 * Loads the rows; returns seconds taken. The secondary indexes are built after the load (faster than
 * row by row) and the per-user task-limit trigger is off during it: it counts the user's rows for each
 * insert, which without the index is a scan per row.
 */
export async function generateTasks(
  sql: Sql,
  layout: DataLayout = 'personal',
  size: DataSize = FULL_SIZE,
): Promise<number> {
  const started = Date.now();
  const indexes = await sql<{ name: string; def: string }[]>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = 'public.tasks'::regclass and not i.indisprimary`;
  if (!indexes.some((index) => index.name === INDEX))
    throw new Error(`index ${INDEX} is missing: are the migrations applied?`);
  for (const index of indexes) await sql.unsafe(`drop index public.${index.name}`);
  await sql.unsafe('alter table public.tasks disable trigger tasks_enforce_limit');
  try {
    await sql.unsafe(`
      insert into public.tasks (name, done, user_id, org_id, created_at)
      select 'task ' || g, g % 3 = 0, 'user_bench_' || lpad((g % ${size.users})::text, 5, '0'),
             ${layout === 'organizations' ? orgOfRow(size) : 'null'},
             timestamptz '2025-01-01' + g * interval '1 second'
      from generate_series(1, ${size.tasks}) as g`);
  } finally {
    await sql.unsafe('alter table public.tasks enable trigger tasks_enforce_limit');
  }
  await sql.unsafe(`set maintenance_work_mem = '256MB'`);
  for (const index of indexes) await sql.unsafe(index.def);
  await sql.unsafe('vacuum analyze public.tasks');
  return (Date.now() - started) / 1000;
}

/** The seed's SELECT policy's USING expression; the deployed one is read from the database. */
export const SEED_POLICY = 'public.requesting_user_id() = user_id';

/** The USING expression of the SELECT policy the migrations created. */
export async function deployedSelectPolicy(sql: Sql): Promise<string> {
  const [row] = await sql<{ qual: string }[]>`
    select pg_get_expr(polqual, polrelid) as qual from pg_policy
    where polrelid = 'public.tasks'::regclass and polname = 'tasks_select_own'`;
  if (!row) throw new Error('policy tasks_select_own is missing: are the migrations applied?');
  return row.qual;
}

export async function applySelectPolicy(sql: Sql, using: string): Promise<void> {
  await sql.unsafe(`alter policy tasks_select_own on public.tasks using (${using})`);
}

/**
 * Leaves no index with user_id in it, for the unindexed variant: PostgreSQL 18 can skip-scan an index
 * to a later column (org_id, done, user_id), which would make it an indexed one.
 */
export async function dropIndex(sql: Sql): Promise<void> {
  const indexes = await sql<{ indexname: string }[]>`
    select indexname from pg_indexes
    where schemaname = 'public' and tablename = 'tasks' and indexdef ~ '\\muser_id\\M'`;
  for (const { indexname } of indexes) await sql.unsafe(`drop index public."${indexname}"`);
  await sql.unsafe('analyze public.tasks');
}
