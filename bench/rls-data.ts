// The RLS-at-scale data: a million tasks across ten thousand users, generated inside PostgreSQL in one
// statement (no rows cross the wire), and the policy/index swaps of the variants. Only ever run
// against the benchmark's throw-away database.
import type { Sql } from 'postgres';

export const TASKS = 1_000_000;
export const USERS = 10_000;
const INDEX = 'tasks_user_id_created_at_id_idx';

export const benchUserId = (n: number) => `user_bench_${String(n).padStart(5, '0')}`;

/** Loads the rows; returns seconds taken. The index is built after the load: faster than row by row. */
export async function generateTasks(sql: Sql): Promise<number> {
  const started = Date.now();
  const [index] = await sql<{ def: string }[]>`select pg_get_indexdef(${INDEX}::regclass) as def`;
  if (!index) throw new Error(`index ${INDEX} is missing: are the migrations applied?`);
  await sql.unsafe(`drop index public.${INDEX}`);
  await sql.unsafe(`
    insert into public.tasks (name, done, user_id, created_at)
    select 'task ' || g, g % 3 = 0, 'user_bench_' || lpad((g % ${USERS})::text, 5, '0'),
           timestamptz '2025-01-01' + g * interval '1 second'
    from generate_series(1, ${TASKS}) as g`);
  await sql.unsafe(`set maintenance_work_mem = '256MB'`);
  await sql.unsafe(index.def);
  await sql.unsafe('vacuum analyze public.tasks');
  return (Date.now() - started) / 1000;
}

/** The SELECT policy's USING expression: the seed's, or ours (evaluated once per query as an initPlan). */
export const POLICIES = {
  seed: 'public.requesting_user_id() = user_id',
  ours: '(select public.requesting_user_id()) = user_id',
} as const;

export async function applySelectPolicy(sql: Sql, policy: keyof typeof POLICIES): Promise<void> {
  await sql.unsafe(`alter policy tasks_select_own on public.tasks using (${POLICIES[policy]})`);
}

export async function dropIndex(sql: Sql): Promise<void> {
  await sql.unsafe(`drop index if exists public.${INDEX}`);
  await sql.unsafe('analyze public.tasks');
}
