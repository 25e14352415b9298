// Vitest global setup: one PostgreSQL server for the whole run. DATABASE_URL when set (CI, or the
// machine's PostgreSQL), else an embedded PostgreSQL in a throw-away directory, the fresh-machine default.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureSupabaseRoles } from '../../tools/db/db.ts';
import { startEmbeddedPostgres } from '../../tools/local-stack/postgres.ts';
import { freePort } from '../../tools/local-stack/ports.ts';

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    // Roles are cluster-wide: create them once here, not racing in parallel test files.
    await ensureSupabaseRoles(process.env.DATABASE_URL);
    project.provide('postgresAdminUrl', process.env.DATABASE_URL);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tasks-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'test' });
  await ensureSupabaseRoles(server.url);
  project.provide('postgresAdminUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
