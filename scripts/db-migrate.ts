// npm run db:migrate: applies drizzle/ to DATABASE_URL, printing PostgreSQL's error when one fails.
import { ensureSupabaseRoles, migrate } from './db.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/tasks).');
  process.exit(1);
}

try {
  const created = await ensureSupabaseRoles(url);
  if (created.length > 0) console.log(`created Supabase roles (plain PostgreSQL): ${created.join(', ')}`);
  await migrate(url);
  console.log('migrations applied');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
