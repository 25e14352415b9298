// Migrations and the db:* scripts against a real PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../project-root.ts';
import { migrate, migrationsFolder, prepareSupabaseDatabase, withConnection } from './db.ts';
import { verifySchema } from './schema-verify.ts';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { allTasks, freshDatabasePerTest, insertSampleTasks, migrationTags } from '../../tests/support/database.ts';

const run = promisify(execFile);
const bin = (name: string) => join(projectRoot, 'node_modules/.bin', name);

const freshDatabase = freshDatabasePerTest();

async function schemaObjects(url: string) {
  return withConnection(url, async (sql) => {
    const [objects] = await sql`
      select
        (select count(*)::int from pg_proc where proname = 'requesting_user_id') as functions,
        (select count(*)::int from pg_tables where schemaname = 'public' and tablename = 'tasks' and rowsecurity) as rls_tables,
        (select count(*)::int from pg_indexes where indexname = 'tasks_user_id_created_at_id_idx') as indexes,
        (select count(*)::int from pg_policies where tablename = 'tasks') as policies,
        (select count(*)::int from drizzle.__drizzle_migrations) as applied`;
    return objects;
  });
}

describe('migrate', () => {
  it('builds the function, table, index and four policies on an empty database, then is a no-op', async () => {
    const db = await freshDatabase(false);
    await migrate(db.url);
    const expected = { functions: 1, rls_tables: 1, indexes: 1, policies: 4, applied: migrationTags().length };
    expect(await schemaObjects(db.url)).toEqual(expected);
    await migrate(db.url);
    expect(await schemaObjects(db.url)).toEqual(expected);
  });

  it('keeps the rows of a populated database', async () => {
    const db = await freshDatabase(true);
    const tasks = await insertSampleTasks(db.url);
    await migrate(db.url);
    expect(await allTasks(db.url)).toEqual(tasks);
  });

  it('shares its journal with drizzle-kit migrate, which then has nothing to do', async () => {
    const db = await freshDatabase(true);
    await run(bin('drizzle-kit'), ['migrate'], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
    expect(await schemaObjects(db.url)).toMatchObject({ applied: migrationTags().length, policies: 4 });
  });

  it('db:migrate prints the PostgreSQL error and the failing file', async () => {
    const db = await freshDatabase(false);
    await withConnection(db.url, (sql) => sql`create table tasks (id int)`);
    const failure = await run('npx', ['tsx', 'tools/db/cli/migrate.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain('relation "tasks" already exists');
    expect(stderr).toContain('code: 42P07');
    expect(stderr).toContain('drizzle/0001_tasks.sql');
  });
});

describe('db:check', () => {
  it('passes when schema and migrations agree', async () => {
    const { stdout } = await run('npx', ['tsx', 'tools/db/cli/check.ts'], { cwd: projectRoot });
    expect(stdout).toContain('agree');
  });

  it('fails when the schema has a change with no migration', async () => {
    const dir = join(projectRoot, '.data', 'db-check-test');
    await mkdir(dir, { recursive: true });
    const drifted = (await readFile(join(projectRoot, 'src/db/schema.ts'), 'utf8'))
      .replace("done: boolean('done')", "priority: text('priority'),\n    done: boolean('done')")
      // The copy lives elsewhere: its relative imports must still reach src/.
      .replace(/from '(\.\.?\/[^']+)'/g, (_match, path: string) => `from '${join(projectRoot, 'src/db', path)}'`);
    expect(drifted).toContain('priority');
    const schemaFile = join(dir, 'schema.ts');
    await writeFile(schemaFile, drifted);
    try {
      const failure = await run('npx', ['tsx', 'tools/db/cli/check.ts', `--schema=${schemaFile}`], {
        cwd: projectRoot,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 1 });
      expect((failure as { stderr: string }).stderr).toContain('has changes that drizzle/ has no migration for');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a database prepared like a new hosted Supabase one', () => {
  it('grants anon ALL on a table the migration role creates in public, until a migration revokes it', async () => {
    const db = await freshDatabase(false);
    await withConnection(db.url, (sql) => sql`create table public.probe (id int)`);
    await withConnection(db.url, async (sql) => {
      const [row] = await sql`
        select has_table_privilege('anon', 'public.probe', 'SELECT, INSERT, UPDATE, DELETE') as anon_all,
               has_table_privilege('authenticated', 'public.probe', 'SELECT') as authenticated_select`;
      expect(row).toEqual({ anon_all: true, authenticated_select: true });
      const rows = await sql.begin(async (tx) => {
        await tx`set local role anon`;
        return tx`select * from public.probe`;
      });
      expect(rows).toEqual([]);
    });
  });

  it('without the revoke in drizzle/0002_tasks_rls.sql, db:push verification finds anon privileges', async () => {
    const revoke = /^revoke all on table public\.tasks from anon, authenticated;$/m;
    const migrations = readMigrationFiles({ migrationsFolder });
    expect(migrations.some((migration) => migration.sql.some((part) => revoke.test(part)))).toBe(true);
    const db = await freshDatabase(false);
    await withConnection(db.url, async (sql) => {
      for (const migration of migrations) for (const part of migration.sql) await sql.unsafe(part.replace(revoke, ''));
    });
    const problems = await verifySchema(db.url);
    expect(problems).toContain('anon has SELECT on public.tasks: anon must have no privilege on it');
    expect(problems).toContain('anon has DELETE on public.tasks: anon must have no privilege on it');

    const migrated = await freshDatabase(true);
    expect(await verifySchema(migrated.url)).toEqual([]);
  });

  it('has auth.uid(), auth.jwt() and auth.role() reading the claims PostgREST sets; auth.uid() rejects Clerk ids', async () => {
    const db = await freshDatabase(false);
    const withClaims = (claims: object, query: string) =>
      withConnection(db.url, (sql) =>
        sql.begin(async (tx) => {
          await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
          await tx`set local role authenticated`;
          return tx.unsafe(query);
        }),
      );
    const uuid = '6f1c2b1e-8d0a-4f4e-9a55-0b8f1c2d3e4f';
    expect(
      await withClaims({ sub: uuid, role: 'authenticated' }, 'select auth.uid()::text as uid, auth.role() as role'),
    ).toEqual([{ uid: uuid, role: 'authenticated' }]);
    expect(await withClaims({ sub: 'user_2abc' }, "select auth.jwt() ->> 'sub' as sub")).toEqual([
      { sub: 'user_2abc' },
    ]);
    await expect(withClaims({ sub: 'user_2abc' }, 'select auth.uid()')).rejects.toMatchObject({ code: '22P02' });
    expect(await withClaims({}, 'select auth.uid() as uid, auth.role() as role')).toEqual([{ uid: null, role: null }]);
  });

  it('leaves a Supabase database alone, and its SQL refuses to run there', async () => {
    const db = await freshDatabase(false);
    await withConnection(db.url, (sql) => sql`create table auth.users (id uuid primary key)`);
    expect(await prepareSupabaseDatabase(db.url)).toEqual({ supabase: true, changedRoles: [] });
    for (const file of ['supabase/roles.sql', 'supabase/database.sql']) {
      const text = await readFile(join(projectRoot, file), 'utf8');
      await expect(withConnection(db.url, (sql) => sql.unsafe(text))).rejects.toThrow('this is a Supabase database');
    }
  });
});
