// The steps db:migrate and db:push share, so both behave the same against plain PostgreSQL and Supabase.
import { migrate, prepareSupabaseDatabase } from '../db.ts';

/** DATABASE_URL, or a clear message and exit 1 naming the command. */
export function requireDatabaseUrl(command: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      `${command}: DATABASE_URL is not set. Point it at the database, e.g. postgres://postgres@127.0.0.1:5432/tasks ` +
        "or your Supabase project's connection string.",
    );
    process.exit(1);
  }
  return url;
}

/** On plain PostgreSQL, first sets it up the way a new Supabase database starts; then applies drizzle/. */
export async function applyMigrations(url: string, log: (line: string) => void = console.log): Promise<void> {
  const prepared = await prepareSupabaseDatabase(url);
  if (prepared.changedRoles.length > 0)
    log(`set up Supabase roles (plain PostgreSQL): ${prepared.changedRoles.join(', ')}`);
  await migrate(url);
}

/** host:port/database of a connection string, never its password: safe for CI logs. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
