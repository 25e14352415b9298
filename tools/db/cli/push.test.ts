// npm run db:push and the schema verification, against a real PostgreSQL (no mocks): the command is
// run as CI runs it, in a child process with DATABASE_URL.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../project-root.ts';
import { withConnection } from '../db.ts';
import { appliedMigrations, TASK_POLICIES, verifyMigrationJournal, verifySchema } from '../schema-verify.ts';
import { allTasks, freshDatabasePerTest, insertSampleTasks, migrationTags } from '../../../tests/support/database.ts';

const run = promisify(execFile);

const freshDatabase = freshDatabasePerTest();

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function dbPush(url: string | undefined): Promise<Outcome> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'tools/db/cli/push.ts'], { cwd: projectRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

async function execute(url: string, statements: string) {
  await withConnection(url, (sql) => sql.unsafe(statements));
}

async function catalog(url: string) {
  return withConnection(url, async (sql) => {
    const [state] = await sql<{ rls: boolean; policies: string[]; functions: number }[]>`
      select (select relrowsecurity from pg_class where oid = to_regclass('public.tasks')) as rls,
             array(select policyname::text from pg_policies where tablename = 'tasks' order by 1) as policies,
             (select count(*)::int from pg_proc where proname = 'requesting_user_id') as functions`;
    return state;
  });
}

const allPolicies = TASK_POLICIES.map((policy) => policy.name).sort();

describe('npm run db:push', () => {
  it('builds an empty database, verifies it, and is a no-op the second time', async () => {
    const db = await freshDatabase(false);
    const first = await dbPush(db.url);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`applied ${migrationTags().length} migration(s)`);
    expect(first.stdout).toContain('verified');
    expect(await catalog(db.url)).toEqual({ rls: true, policies: allPolicies, functions: 1 });
    const journal = await appliedMigrations(db.url);
    expect(journal).toHaveLength(migrationTags().length);

    const second = await dbPush(db.url);
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toContain('no pending migrations');
    expect(await appliedMigrations(db.url)).toEqual(journal);
    // Two child processes migrating seven files: slow on two busy cores.
  }, 90_000);

  it('keeps the rows of a populated database', async () => {
    const db = await freshDatabase(true);
    const tasks = await insertSampleTasks(db.url);
    expect(await dbPush(db.url)).toMatchObject({ code: 0 });
    expect(await allTasks(db.url)).toEqual(tasks);
  });

  it('fails and names a policy dropped by hand', async () => {
    const db = await freshDatabase(true);
    await execute(db.url, 'drop policy tasks_update_own on public.tasks');
    const outcome = await dbPush(db.url);
    expect(outcome).toMatchObject({ code: 1 });
    expect(outcome.stderr).toContain('verification failed (1 problem)');
    expect(outcome.stderr).toContain(
      'policy tasks_update_own (FOR UPDATE TO authenticated) is missing on public.tasks',
    );
  });

  it('fails when anon is granted anything on tasks, at table or column level', async () => {
    const db = await freshDatabase(true);
    await execute(db.url, 'grant select on public.tasks to anon; grant update (done) on public.tasks to anon');
    const outcome = await dbPush(db.url);
    expect(outcome).toMatchObject({ code: 1 });
    expect(outcome.stderr).toContain('anon has SELECT on public.tasks');
    expect(outcome.stderr).toContain('anon has UPDATE on column public.tasks.done');
  });

  it('catches what `drizzle-kit push` does to the database', async () => {
    const db = await freshDatabase(true);
    await execute(db.url, `insert into tasks (name, user_id) values ('kept', 'user_1')`);
    await run(join(projectRoot, 'node_modules/.bin/drizzle-kit'), ['push', '--force'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url },
      timeout: 60_000,
    });
    // What drizzle-kit 0.31 does here: RLS off and the four policies gone, journal untouched.
    expect(await catalog(db.url)).toEqual({ rls: false, policies: [], functions: 1 });

    const outcome = await dbPush(db.url);
    expect(outcome).toMatchObject({ code: 1 });
    expect(outcome.stdout).toContain('no pending migrations');
    expect(outcome.stderr).toContain('row level security is DISABLED on public.tasks');
    for (const policy of TASK_POLICIES)
      expect(outcome.stderr).toContain(`policy ${policy.name} (FOR ${policy.command}`);
    // Two subprocesses (drizzle-kit, then db:push): slow on busy shared cores.
  }, 120_000);

  it('explains a missing DATABASE_URL', async () => {
    const outcome = await dbPush(undefined);
    expect(outcome).toMatchObject({ code: 1 });
    expect(outcome.stderr).toContain('db:push: DATABASE_URL is not set');
  });
});

describe('verifySchema', () => {
  it('finds nothing wrong with a migrated database', async () => {
    const db = await freshDatabase(true);
    expect(await verifySchema(db.url)).toEqual([]);
    expect(await verifyMigrationJournal(db.url)).toEqual([]);
  });

  it('reports a database with no schema at all', async () => {
    const db = await freshDatabase(false);
    expect(await verifySchema(db.url)).toEqual([
      'function public.requesting_user_id() is missing: every policy on public.tasks depends on it',
      'function public.requesting_org_id() is missing: every policy on public.tasks depends on it',
      expect.stringContaining('function public.requesting_org_role() is missing'),
      'table public.tasks is missing',
    ]);
    expect(await verifyMigrationJournal(db.url)).toHaveLength(migrationTags().length);
  });

  it('reports requesting_user_id() missing', async () => {
    const db = await freshDatabase(true);
    // cascade also drops the column default and the policies that call it.
    await execute(db.url, 'drop function public.requesting_user_id() cascade');
    const problems = await verifySchema(db.url);
    expect(problems).toContain(
      'function public.requesting_user_id() is missing: every policy on public.tasks depends on it',
    );
    expect(problems.filter((problem) => problem.endsWith('is missing on public.tasks'))).toHaveLength(4);
  });

  it('reports authenticated being able to change user_id, and anon privileges through PUBLIC', async () => {
    const db = await freshDatabase(true);
    await execute(
      db.url,
      'grant update (user_id) on public.tasks to authenticated; grant references on public.tasks to public',
    );
    expect(await verifySchema(db.url)).toEqual([
      expect.stringContaining('anon has REFERENCES on public.tasks'),
      expect.stringContaining('authenticated can UPDATE public.tasks.user_id'),
    ]);
  });

  it('reports organization access widened: org_id writable, its default or requesting_org_role() gone', async () => {
    const db = await freshDatabase(true);
    await execute(
      db.url,
      `grant update (org_id) on public.tasks to authenticated;
       alter table public.tasks alter column org_id drop default;
       alter policy tasks_update_own on public.tasks using ((select public.requesting_user_id()) = user_id);
       drop function public.requesting_org_role() cascade`,
    );
    // cascade drops the delete policy, which calls requesting_org_role().
    expect(await verifySchema(db.url)).toEqual([
      expect.stringContaining('function public.requesting_org_role() is missing'),
      expect.stringContaining(
        'policy tasks_update_own (FOR UPDATE TO authenticated) USING does not compare org_id with requesting_org_id()',
      ),
      'policy tasks_delete_own (FOR DELETE TO authenticated) is missing on public.tasks',
      'authenticated can UPDATE public.tasks.org_id: grant UPDATE on (name, done) only, never on the owner columns',
      'public.tasks.org_id does not default to requesting_org_id(): (no default)',
    ]);
  });

  it('reports the API roles holding privileges on the tasks id sequence (hosted defaults grant them)', async () => {
    const db = await freshDatabase(true);
    await execute(db.url, 'grant usage on sequence public.tasks_id_seq to anon, authenticated');
    expect(await verifySchema(db.url)).toEqual([
      expect.stringContaining('anon has USAGE on public.tasks_id_seq'),
      expect.stringContaining('authenticated has USAGE on public.tasks_id_seq'),
    ]);
  });

  it('reports a widened or extra policy', async () => {
    const db = await freshDatabase(true);
    await execute(
      db.url,
      `drop policy tasks_select_own on public.tasks;
       create policy tasks_select_own on public.tasks for select to authenticated, anon using (true);
       create policy anyone_reads on public.tasks for select using (true)`,
    );
    expect(await verifySchema(db.url)).toEqual([
      'policy tasks_select_own (FOR SELECT TO authenticated) applies TO anon, authenticated',
      'policy tasks_select_own (FOR SELECT TO authenticated) USING does not compare user_id with requesting_user_id(): true',
      'policy tasks_select_own (FOR SELECT TO authenticated) USING does not compare org_id with requesting_org_id(): true',
      'unexpected permissive policy anyone_reads (FOR SELECT TO public) on public.tasks',
    ]);
  });

  it('reports widened task inserts, a disabled or missing task cap, and intent_receipts left open', async () => {
    const db = await freshDatabase(true);
    await execute(
      db.url,
      `grant insert on public.tasks to authenticated;
       alter table public.tasks disable trigger tasks_enforce_limit;
       alter table public.intent_receipts disable row level security;
       drop policy intent_receipts_insert_own on public.intent_receipts;
       grant delete on public.intent_receipts to authenticated;
       grant select on public.intent_receipts to anon`,
    );
    expect(await verifySchema(db.url)).toEqual([
      "trigger tasks_enforce_limit on public.tasks is disabled: nothing caps a user's tasks",
      'row level security is DISABLED on public.intent_receipts: every receipt is visible',
      'policy intent_receipts_insert_own (FOR INSERT TO authenticated) is missing on public.intent_receipts',
      'anon has SELECT on public.intent_receipts: anon must have no privilege on it',
      'authenticated has table-level INSERT on public.tasks: grant it per column',
      'authenticated can INSERT public.tasks.id: the database must fill it',
      'authenticated can INSERT public.tasks.user_id: the database must fill it',
      'authenticated can INSERT public.tasks.org_id: the database must fill it',
      'authenticated can INSERT public.tasks.created_at: the database must fill it',
      'authenticated has DELETE on public.intent_receipts: receipts are insert-only',
    ]);
    await execute(db.url, 'drop trigger tasks_enforce_limit on public.tasks; drop table public.intent_receipts');
    expect(await verifySchema(db.url)).toEqual([
      "trigger tasks_enforce_limit on public.tasks is missing: nothing caps a user's tasks",
      'table public.intent_receipts is missing',
      'authenticated has table-level INSERT on public.tasks: grant it per column',
      'authenticated can INSERT public.tasks.id: the database must fill it',
      'authenticated can INSERT public.tasks.user_id: the database must fill it',
      'authenticated can INSERT public.tasks.org_id: the database must fill it',
      'authenticated can INSERT public.tasks.created_at: the database must fill it',
    ]);
  });

  it('reports a definer or anon-callable task_page() and a missing counts index', async () => {
    const db = await freshDatabase(true);
    const fn = 'public.task_page(timestamptz, bigint, timestamptz, bigint, integer, text)';
    await execute(
      db.url,
      `alter function ${fn} security definer; grant execute on function ${fn} to anon;
       drop index public.tasks_org_id_done_user_id_idx`,
    );
    expect(await verifySchema(db.url)).toEqual([
      'index tasks_org_id_done_user_id_idx on public.tasks is missing: the task counts read the table',
      `function ${fn} is SECURITY DEFINER: it must run as the caller`,
      `anon can EXECUTE ${fn}: anon must have no privilege on tasks`,
    ]);
  });

  it('reports a definer or anon-callable add_task()', async () => {
    const db = await freshDatabase(true);
    const fn = 'public.add_task(text, integer, text)';
    await execute(db.url, `alter function ${fn} security definer; grant execute on function ${fn} to anon`);
    expect(await verifySchema(db.url)).toEqual([
      `function ${fn} is SECURITY DEFINER: it must run as the caller`,
      `anon can EXECUTE ${fn}: anon must have no privilege on tasks`,
    ]);
  });

  it('reports a migration the journal has no record of (edited after it was applied)', async () => {
    const db = await freshDatabase(true);
    await execute(
      db.url,
      `update drizzle.__drizzle_migrations set hash = 'edited' where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    expect(await verifyMigrationJournal(db.url)).toEqual([
      expect.stringContaining(`drizzle/${migrationTags().at(-1)}.sql is not recorded`),
    ]);
  });
});
