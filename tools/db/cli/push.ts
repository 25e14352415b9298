// npm run db:push: the one command CI runs to bring DATABASE_URL (Supabase or plain PostgreSQL) up to
// date: apply pending migrations from drizzle/, then verify what must hold and exit 1 naming each
// problem. Not `drizzle-kit push`: that tool skips the custom SQL and drops the RLS policies.
import { applyMigrations, describeTarget, requireDatabaseUrl } from './steps.ts';
import { appliedMigrations, verifyMigrationJournal, verifySchema } from '../schema-verify.ts';

const url = requireDatabaseUrl('db:push');

try {
  console.log(`db:push: ${describeTarget(url)}`);
  const before = (await appliedMigrations(url)).length;
  await applyMigrations(url);
  const applied = (await appliedMigrations(url)).length - before;
  console.log(applied > 0 ? `applied ${applied} migration(s)` : 'no pending migrations');

  const problems = [...(await verifyMigrationJournal(url)), ...(await verifySchema(url))];
  if (problems.length > 0) {
    console.error(
      [
        `db:push: verification failed (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map((problem) => `  - ${problem}`),
        // The journal says these migrations ran, so running them again is not an option.
        'The migrations are recorded as applied, so db:push cannot restore these objects by itself.',
        'Was `drizzle-kit push` or a manual change run against this database? Restore them with the SQL in',
        'drizzle/ (or a new migration from `drizzle-kit generate --custom`), then run db:push again.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(
    'db:push: verified: RLS on public.tasks, its four policies, requesting_user_id(), task_page(), no anon privileges',
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
