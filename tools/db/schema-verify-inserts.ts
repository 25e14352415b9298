// The catalog checks for drizzle/0003..0006: insert columns of tasks, the per-user task cap, and
// intent_receipts' RLS. Called by verifySchema once public.tasks is known to exist.
import type { Sql } from './db.ts';
import { anonPrivilegeProblems, policyProblems } from './schema-verify.ts';

const TASKS = 'public.tasks';
const RECEIPTS = 'public.intent_receipts';

/** The two row policies of drizzle/0006_intent_receipts_rls.sql. */
export const RECEIPT_POLICIES = [
  { name: 'intent_receipts_select_own', command: 'SELECT', using: true, withCheck: false },
  { name: 'intent_receipts_insert_own', command: 'INSERT', using: false, withCheck: true },
] as const;

/** Columns that authenticated must never write: the database fills them. */
const DATABASE_FILLED: Record<string, string[]> = {
  [TASKS]: ['id', 'user_id', 'org_id', 'created_at'],
  [RECEIPTS]: ['user_id', 'created_at'],
};

export async function insertProblems(sql: Sql, roles: string[]): Promise<string[]> {
  const problems = await taskLimitProblems(sql);
  const [receipts] = await sql<{ rls: boolean }[]>`
    select relrowsecurity as rls from pg_class where oid = to_regclass(${RECEIPTS})`;
  if (!receipts) problems.push(`table ${RECEIPTS} is missing`);
  else {
    if (!receipts.rls) problems.push(`row level security is DISABLED on ${RECEIPTS}: every receipt is visible`);
    problems.push(...(await policyProblems(sql, RECEIPTS, RECEIPT_POLICIES)));
    if (roles.includes('anon')) problems.push(...(await anonPrivilegeProblems(sql, RECEIPTS)));
  }
  if (roles.includes('authenticated')) problems.push(...(await authenticatedWriteProblems(sql, !!receipts)));
  return problems;
}

async function authenticatedWriteProblems(sql: Sql, hasReceipts: boolean): Promise<string[]> {
  const problems: string[] = [];
  const tables = hasReceipts ? [TASKS, RECEIPTS] : [TASKS];
  for (const table of tables) {
    // Table-level INSERT covers every column, including those added later.
    const [row] = await sql<{ tableInsert: boolean; columns: string[] }[]>`
      select has_table_privilege('authenticated', ${table}, 'INSERT') as "tableInsert",
             array(select c from unnest(${DATABASE_FILLED[table]}::text[]) as c
                   where has_column_privilege('authenticated', ${table}, c, 'INSERT')) as columns`;
    if (row?.tableInsert) problems.push(`authenticated has table-level INSERT on ${table}: grant it per column`);
    for (const column of row?.columns ?? []) {
      problems.push(`authenticated can INSERT ${table}.${column}: the database must fill it`);
    }
  }
  if (hasReceipts) {
    const [row] = await sql<{ privileges: string[] }[]>`
      select array_remove(array[
        case when has_any_column_privilege('authenticated', ${RECEIPTS}, 'UPDATE') then 'UPDATE' end,
        case when has_table_privilege('authenticated', ${RECEIPTS}, 'DELETE') then 'DELETE' end,
        case when has_table_privilege('authenticated', ${RECEIPTS}, 'TRUNCATE') then 'TRUNCATE' end
      ], null) as privileges`;
    for (const privilege of row?.privileges ?? []) {
      problems.push(`authenticated has ${privilege} on ${RECEIPTS}: receipts are insert-only`);
    }
  }
  return problems;
}

async function taskLimitProblems(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const [limit] = await sql<{ result: string }[]>`
    select pg_get_function_result(p.oid) as result
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = 'task_limit' and p.pronargs = 0`;
  if (!limit) problems.push('function public.task_limit() is missing: the task cap trigger depends on it');
  else if (limit.result !== 'integer') problems.push(`function public.task_limit() returns ${limit.result}`);

  const [trigger] = await sql<{ enabled: string; definition: string; securityDefiner: boolean; config: string[] }[]>`
    select t.tgenabled as enabled, pg_get_triggerdef(t.oid) as definition, p.prosecdef as "securityDefiner",
           coalesce(p.proconfig, '{}') as config
    from pg_trigger t join pg_proc p on p.oid = t.tgfoid
    where t.tgrelid = to_regclass(${TASKS}) and t.tgname = 'tasks_enforce_limit'`;
  const label = `trigger tasks_enforce_limit on ${TASKS}`;
  if (!trigger) return [...problems, `${label} is missing: nothing caps a user's tasks`];
  if (trigger.enabled === 'D') problems.push(`${label} is disabled: nothing caps a user's tasks`);
  if (
    !/BEFORE INSERT ON (public\.)?tasks FOR EACH ROW EXECUTE FUNCTION (public\.)?enforce_task_limit\(\)$/.test(
      trigger.definition,
    )
  )
    problems.push(
      `${label} is not BEFORE INSERT FOR EACH ROW calling public.enforce_task_limit(): ${trigger.definition}`,
    );
  if (!trigger.securityDefiner)
    problems.push('public.enforce_task_limit() is not SECURITY DEFINER: it would count only visible rows');
  if (!trigger.config.some((setting) => setting.startsWith('search_path=')))
    problems.push('public.enforce_task_limit() has no fixed search_path: a SECURITY DEFINER function needs one');
  return problems;
}
