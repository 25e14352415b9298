// The catalog checks for drizzle/0011..0018: the indexes that serve the task counts, public.task_page(),
// the one-request page read, and public.add_task(), the add that answers with the page. Called by
// verifySchema once public.tasks exists.
import type { Sql } from './db.ts';

// The counts of a personal list and of an organization's, each read from its index alone.
const COUNT_INDEXES = [
  { name: 'tasks_user_id_org_id_done_idx', columns: '(user_id, org_id, done)' },
  { name: 'tasks_org_id_done_user_id_idx', columns: '(org_id, done, user_id)' },
];

const FUNCTIONS = [
  {
    signature: 'public.task_page(timestamptz, bigint, timestamptz, bigint, integer, text)',
    missing: 'the task page cannot load',
  },
  { signature: 'public.add_task(text, integer, text)', missing: 'tasks cannot be added' },
];

export async function taskPageProblems(sql: Sql, roles: string[]): Promise<string[]> {
  const problems: string[] = [];
  const indexes = await sql<{ name: string; definition: string }[]>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = to_regclass('public.tasks')`;
  for (const { name, columns } of COUNT_INDEXES) {
    const index = indexes.find((found) => found.name === name);
    if (!index) problems.push(`index ${name} on public.tasks is missing: the task counts read the table`);
    else if (!index.definition.endsWith(columns))
      problems.push(`index ${name} is not on ${columns}: ${index.definition}`);
  }

  for (const { signature, missing } of FUNCTIONS)
    problems.push(...(await functionProblems(sql, roles, signature, missing)));
  return problems;
}

async function functionProblems(sql: Sql, roles: string[], signature: string, missing: string): Promise<string[]> {
  const problems: string[] = [];
  const [fn] = await sql<
    { securityDefiner: boolean; result: string; authenticatedCanRun: boolean | null; anonCanRun: boolean | null }[]
  >`
    select p.prosecdef as "securityDefiner", pg_get_function_result(p.oid) as result,
           case when ${roles.includes('authenticated')} then has_function_privilege('authenticated', p.oid, 'EXECUTE') end
             as "authenticatedCanRun",
           case when ${roles.includes('anon')} then has_function_privilege('anon', p.oid, 'EXECUTE') end as "anonCanRun"
    from pg_proc p where p.oid = to_regprocedure(${signature})`;
  if (!fn) return [`function ${signature} is missing: ${missing}`];
  // A definer function would run as its owner and reach every user's rows: RLS must apply to the caller.
  if (fn.securityDefiner) problems.push(`function ${signature} is SECURITY DEFINER: it must run as the caller`);
  if (fn.result !== 'json') problems.push(`function ${signature} returns ${fn.result}, expected json`);
  if (fn.authenticatedCanRun === false) problems.push(`authenticated cannot EXECUTE ${signature}`);
  if (fn.anonCanRun) problems.push(`anon can EXECUTE ${signature}: anon must have no privilege on tasks`);
  return problems;
}
