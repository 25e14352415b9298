// Where the benchmark's data lives. With DATABASE_URL set, a fresh database on that server (dropped
// afterwards), so the million rows and the policy/index swaps never touch a database someone uses;
// without it, the stack's embedded PostgreSQL in a temporary data directory.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface ThrowawayDatabase {
  /** The URL to give startStack: `null` means "the embedded PostgreSQL". */
  databaseUrl: string | null;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(serverUrl = process.env.DATABASE_URL): Promise<ThrowawayDatabase> {
  if (!serverUrl) return { databaseUrl: null, drop: async () => {} };
  const name = `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
