// npm run db:migrate: applies drizzle/ to DATABASE_URL, printing PostgreSQL's error when one fails.
import { applyMigrations, requireDatabaseUrl } from './steps.ts';

const url = requireDatabaseUrl('db:migrate');

try {
  await applyMigrations(url);
  console.log('migrations applied');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
