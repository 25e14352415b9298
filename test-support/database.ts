// A fresh database per test file, created on the server that vitest's global setup provides
// (DATABASE_URL when set, else an embedded PostgreSQL), migrated, and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect, ensureSupabaseRoles, migrate } from '../scripts/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return inject('postgresAdminUrl');
}

export function databaseUrl(admin: string, database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const sql = connect(admin);
  try {
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
  const url = databaseUrl(admin, name);
  await ensureSupabaseRoles(url);
  if (options.migrated ?? true) await migrate(url);
  return {
    url,
    name,
    async drop() {
      const sql = connect(admin);
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
