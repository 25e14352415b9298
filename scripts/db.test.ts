// Migrations and the db:* scripts against a real PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrate, projectRoot, withConnection } from './db.ts';
import { allTasks, freshDatabasePerTest, insertSampleTasks } from '../test-support/database.ts';

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
    const expected = { functions: 1, rls_tables: 1, indexes: 1, policies: 4, applied: 7 };
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
    expect(await schemaObjects(db.url)).toMatchObject({ applied: 7, policies: 4 });
  });

  it('db:migrate prints the PostgreSQL error and the failing file', async () => {
    const db = await freshDatabase(false);
    await withConnection(db.url, (sql) => sql`create table tasks (id int)`);
    const failure = await run('npx', ['tsx', 'scripts/db-migrate.ts'], {
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
    const { stdout } = await run('npx', ['tsx', 'scripts/db-check.ts'], { cwd: projectRoot });
    expect(stdout).toContain('agree');
  });

  it('fails when the schema has a change with no migration', async () => {
    const dir = join(projectRoot, '.data', 'db-check-test');
    await mkdir(dir, { recursive: true });
    const drifted = (await readFile(join(projectRoot, 'src/db/schema.ts'), 'utf8')).replace(
      "done: boolean('done')",
      "priority: text('priority'),\n    done: boolean('done')",
    );
    expect(drifted).toContain('priority');
    const schemaFile = join(dir, 'schema.ts');
    await writeFile(schemaFile, drifted);
    try {
      const failure = await run('npx', ['tsx', 'scripts/db-check.ts', `--schema=${schemaFile}`], {
        cwd: projectRoot,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 1 });
      expect((failure as { stderr: string }).stderr).toContain('has changes that drizzle/ has no migration for');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
