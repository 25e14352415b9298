// npm run db:check: fails when src/db/schema.ts and drizzle/ have drifted, i.e. when
// `drizzle-kit generate` would write a new migration. Generates into a scratch copy of drizzle/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../project-root.ts';
import { migrationsFolder } from '../db.ts';

// --schema=<file> checks another schema file against drizzle/ (used by the drift test).
const schemaArg = process.argv.find((arg) => arg.startsWith('--schema='));
const schema = schemaArg ? schemaArg.slice('--schema='.length) : './src/db/schema.ts';

// drizzle-kit only takes an --out relative to the project (it prefixes './'), so scratch lives in .data/.
mkdirSync(join(projectRoot, '.data'), { recursive: true });
const scratch = mkdtempSync(join(projectRoot, '.data', 'db-check-'));
try {
  cpSync(migrationsFolder, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const output = execFileSync(
    join(projectRoot, 'node_modules/.bin/drizzle-kit'),
    [
      'generate',
      '--dialect=postgresql',
      `--schema=${schema}`,
      `--out=./${relative(projectRoot, scratch)}`,
      '--name=drift',
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, encoding: 'utf8' },
  );
  const added = readdirSync(scratch).filter((file) => !before.has(file));
  if (added.length > 0) {
    console.error(
      `db:check: ${schema} has changes that drizzle/ has no migration for.\n` +
        'Run `npm run db:generate` and commit the new migration.',
    );
    process.exit(1);
  }
  // drizzle-kit exits 0 even when it fails to read the folder: only its own words mean "no drift".
  if (!output.includes('No schema changes')) {
    console.error(`db:check: drizzle-kit generate did not run cleanly:\n${output}`);
    process.exit(1);
  }
  console.log('db:check: schema and migrations agree');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
