// Where the benchmark's data lives. With DATABASE_URL set, a fresh database on that server (dropped
// afterwards), so the million rows and the policy/index swaps never touch a database someone uses;
// without it, the stack's embedded PostgreSQL in a temporary data directory.
import { createScratchDatabase } from '../db/db.ts';

export interface ThrowawayDatabase {
  /** The URL to give startStack: `null` means "the embedded PostgreSQL". */
  databaseUrl: string | null;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(serverUrl = process.env.DATABASE_URL): Promise<ThrowawayDatabase> {
  if (!serverUrl) return { databaseUrl: null, drop: async () => {} };
  const db = await createScratchDatabase(serverUrl, 'bench');
  return { databaseUrl: db.url, drop: db.drop };
}
