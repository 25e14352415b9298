// Database tooling shared by the db:* scripts, the local stack and the tests.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const rolesFile = fileURLToPath(new URL('../../supabase/roles.sql', import.meta.url));
const databaseFile = fileURLToPath(new URL('../../supabase/database.sql', import.meta.url));

/** The API roles and the attributes hosted Supabase gives them (supabase/roles.sql sets the same). */
const SUPABASE_ROLES = {
  anon: { login: false, inherit: true, bypassrls: false, settings: ['statement_timeout=3s'] },
  authenticated: { login: false, inherit: true, bypassrls: false, settings: ['statement_timeout=8s'] },
  service_role: { login: false, inherit: true, bypassrls: true, settings: [] },
  authenticator: {
    login: true,
    inherit: false,
    bypassrls: false,
    settings: ['statement_timeout=8s', 'lock_timeout=8s'],
  },
} as const;
type SupabaseRole = keyof typeof SUPABASE_ROLES;

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

/**
 * True for a database that Supabase made (hosted, or the Supabase CLI's): it has Supabase's own admin
 * roles or Supabase Auth's tables. Its roles and auth schema are Supabase's; supabase/*.sql refuses it.
 */
export function isSupabaseDatabase(target: string | Sql): Promise<boolean> {
  return withConnection(target, async (sql) => {
    const [row] = await sql<{ supabase: boolean }[]>`
      select exists (select from pg_roles where rolname in ('supabase_admin', 'supabase_auth_admin'))
             or to_regclass('auth.users') is not null as supabase`;
    return row?.supabase ?? false;
  });
}

/**
 * Brings the server's API roles to hosted Supabase's attributes (supabase/roles.sql) when one is
 * missing or differs; roles are server-wide, so this is skipped when nothing would change. Returns
 * the roles that were missing or changed. Leaves a Supabase database alone.
 */
export async function ensureSupabaseRoles(target: string | Sql): Promise<string[]> {
  return withConnection(target, async (sql) => {
    if (await isSupabaseDatabase(sql)) return [];
    const rows = await sql<
      {
        name: SupabaseRole;
        login: boolean;
        inherit: boolean;
        bypassrls: boolean;
        settings: string[];
        member: boolean;
      }[]
    >`
      select r.rolname as name, r.rolcanlogin as login, r.rolinherit as inherit, r.rolbypassrls as bypassrls,
             coalesce(r.rolconfig, '{}') as settings,
             r.rolname = 'authenticator' or pg_has_role('authenticator', r.oid, 'member') as member
      from pg_roles r
      where r.rolname in ${sql(Object.keys(SUPABASE_ROLES))}
        and (r.rolname = 'authenticator' or exists (select from pg_roles where rolname = 'authenticator'))`;
    const differing = (Object.keys(SUPABASE_ROLES) as SupabaseRole[]).filter((name) => {
      const row = rows.find((candidate) => candidate.name === name);
      const expected = SUPABASE_ROLES[name];
      return (
        !row ||
        !row.member ||
        row.login !== expected.login ||
        row.inherit !== expected.inherit ||
        row.bypassrls !== expected.bypassrls ||
        expected.settings.some((setting) => !row.settings.includes(setting))
      );
    });
    if (differing.length > 0) await sql.unsafe(await readFile(rolesFile, 'utf8'));
    return differing;
  });
}

/** What preparing a database did: nothing on a Supabase database, else the roles it had to fix. */
export interface Preparation {
  supabase: boolean;
  changedRoles: string[];
}

/**
 * Makes a plain PostgreSQL database start like a new hosted Supabase one: the API roles, then
 * supabase/database.sql (default privileges for the connecting role, the auth and extensions schemas).
 * Connect as the role that will run the migrations. A Supabase database is left untouched.
 */
export async function prepareSupabaseDatabase(url: string): Promise<Preparation> {
  return withConnection(url, async (sql) => {
    if (await isSupabaseDatabase(sql)) return { supabase: true, changedRoles: [] };
    const changedRoles = await ensureSupabaseRoles(sql);
    await sql.unsafe(await readFile(databaseFile, 'utf8'));
    return { supabase: false, changedRoles };
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
