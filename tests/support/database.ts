// A fresh database per test file, created on the server that vitest's global setup provides
// (DATABASE_URL when set, else an embedded PostgreSQL), migrated, and dropped afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';
import {
  createScratchDatabase,
  migrate,
  prepareSupabaseDatabase,
  withConnection,
  type ScratchDatabase,
} from '../../tools/db/db.ts';
import { projectRoot } from '../../tools/project-root.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export type TestDatabase = ScratchDatabase;

export function adminUrl(): string {
  return inject('postgresAdminUrl');
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const db = await createScratchDatabase(adminUrl(), 'test');
  await prepareSupabaseDatabase(db.url);
  if (options.migrated ?? true) await migrate(db.url);
  return db;
}

/** Inserts two tasks of two users as the table owner; returns them as allTasks() will list them. */
export async function insertSampleTasks(url: string): Promise<{ name: string; user_id: string }[]> {
  await withConnection(
    url,
    (sql) => sql`insert into tasks (name, user_id) values ('kept', 'user_1'), ('also kept', 'user_2')`,
  );
  return [
    { name: 'kept', user_id: 'user_1' },
    { name: 'also kept', user_id: 'user_2' },
  ];
}

/** Every task's name and owner, oldest first, read as the table owner (RLS does not apply). */
export function allTasks(url: string) {
  return withConnection(
    url,
    (sql) => sql<{ name: string; user_id: string }[]>`select name, user_id from tasks order by id`,
  );
}

/** createTestDatabase for use inside tests: every database it made is dropped after each test. */
export function freshDatabasePerTest(): (migrated: boolean) => Promise<TestDatabase> {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((db) => db.drop()));
  });
  return async (migrated) => {
    const db = await createTestDatabase({ migrated });
    made.push(db);
    return db;
  };
}

/** The migrations in drizzle/, oldest first, by their journal tags (e.g. "0002_tasks_rls"). */
export function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(join(projectRoot, 'drizzle/meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((entry) => entry.tag);
}
