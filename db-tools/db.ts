// Database tooling shared by the db:* scripts, the local stack and the tests.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
const rolesFile = fileURLToPath(new URL('../supabase/roles.sql', import.meta.url));

export const SUPABASE_ROLES = ['anon', 'authenticated', 'service_role', 'authenticator'] as const;

/** A short-lived connection for tooling. `prepare: false` keeps it usable through Supabase's pooler. */
export function connect(url: string, options: postgres.Options<Record<string, never>> = {}) {
  return postgres(url, { max: 1, prepare: false, onnotice: () => {}, ...options });
}

export type Sql = ReturnType<typeof connect>;

/** Runs `run` on a connection: the one given, or a short-lived one to `target` that is closed after. */
export async function withConnection<T>(target: string | Sql, run: (sql: Sql) => Promise<T>): Promise<T> {
  if (typeof target !== 'string') return run(target);
  const sql = connect(target);
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database named `<prefix>_<random>` on the server of `serverUrl`, for tests and benchmarks. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withConnection(serverUrl, (sql) => sql.unsafe(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withConnection(serverUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Creates the Supabase roles a plain PostgreSQL lacks. Returns the roles that were missing. */
export async function ensureSupabaseRoles(url: string): Promise<string[]> {
  return withConnection(url, async (sql) => {
    const present = await sql<{ rolname: string }[]>`
      select rolname from pg_roles where rolname in ${sql(SUPABASE_ROLES as unknown as string[])}`;
    const missing = SUPABASE_ROLES.filter((role) => !present.some((row) => row.rolname === role));
    // On hosted Supabase nothing is missing and roles.sql never runs there.
    if (missing.length > 0) await sql.unsafe(await readFile(rolesFile, 'utf8'));
    return missing;
  });
}

export class MigrationError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/**
 * Applies pending migrations from drizzle/ with drizzle's own migrator: the same journal table
 * (drizzle.__drizzle_migrations) and hashes as `drizzle-kit migrate`, but a failure names the
 * migration file and carries PostgreSQL's error instead of exiting silently.
 */
export async function migrate(url: string): Promise<void> {
  const sql = connect(url);
  try {
    await drizzleMigrate(drizzle(sql), { migrationsFolder });
  } catch (error) {
    throw new MigrationError(describeMigrationFailure(error), { cause: error });
  } finally {
    await sql.end();
  }
}

function describeMigrationFailure(error: unknown): string {
  // drizzle wraps the driver's error ("Failed query: ...") and keeps PostgreSQL's as the cause.
  const cause = error instanceof Error && error.cause ? error.cause : error;
  const pgError = cause as Partial<postgres.PostgresError> & { query?: string };
  const lines = [`migration failed: ${pgError.message ?? String(cause)}`];
  if (pgError.code) lines.push(`  code: ${pgError.code}`);
  if (pgError.detail) lines.push(`  detail: ${pgError.detail}`);
  if (pgError.hint) lines.push(`  hint: ${pgError.hint}`);
  const statement = pgError.query?.trim();
  if (statement) {
    const file = migrationFileContaining(statement);
    if (file) lines.push(`  in: drizzle/${file}`);
    lines.push(`  statement: ${statement.split('\n').slice(0, 6).join('\n             ')}`);
  }
  return lines.join('\n');
}

function migrationFileContaining(statement: string): string | undefined {
  const migrations = readMigrationFiles({ migrationsFolder });
  const index = migrations.findIndex((migration) => migration.sql.some((part) => part.trim() === statement));
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[];
  };
  const tag = journal.entries[index]?.tag;
  return tag ? `${tag}.sql` : undefined;
}
