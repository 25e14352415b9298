// Options for a stack of a test file's own: a temp data dir, free ports, and a fresh database when
// DATABASE_URL is set (else the stack's embedded PostgreSQL). `cleanup` removes both afterwards.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/local-stack/ports.ts';
import type { StackOptions } from '../../tools/local-stack/stack.ts';
import { createTestDatabase } from './database.ts';

export async function testStackOptions(
  name: string,
  clerk: (clerkPort: number) => StackOptions['clerk'] = () => false,
): Promise<{ options: StackOptions; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
  // The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dataDir, 0o755);
  const database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const options: StackOptions = {
    dataDir,
    databaseUrl: database?.url ?? null,
    gatewayPort: await freePort(),
    postgresPort: await freePort(),
    clerk: clerk(await freePort()),
  };
  return {
    options,
    async cleanup() {
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
