// How the stack fails: one-line errors naming cause and fix, non-zero exit, and no orphans.
// Always on an embedded PostgreSQL (databaseUrl: null): these tests start and kill servers.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StackError } from './errors.ts';
import { freePort, portInUse } from './ports.ts';
import { startStack, type StackOptions } from './stack.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-fail-'));
  await chmod(dir, 0o755);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function options(overrides: Partial<StackOptions> = {}): Promise<StackOptions> {
  return {
    dataDir: await tempDataDir(),
    databaseUrl: null,
    gatewayPort: await freePort(),
    postgresPort: await freePort(),
    clerk: false,
    ...overrides,
  };
}

async function occupy(port: number): Promise<void> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
}

function isRunning(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('start-up failures', () => {
  it('a taken gateway port: a one-line error naming the port and the fix; nothing left running', async () => {
    const opts = await options();
    await occupy(opts.gatewayPort!);
    const error = await startStack(opts).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StackError);
    expect((error as Error).message).toMatch(
      new RegExp(`^port ${opts.gatewayPort} \\(gateway\\) is already in use: .*pick another port`),
    );
    expect((error as Error).message).not.toContain('\n');
    expect(await portInUse(opts.postgresPort!)).toBe(false);
  });

  it('a taken PostgreSQL port: names it', async () => {
    const opts = await options();
    await occupy(opts.postgresPort!);
    await expect(startStack(opts)).rejects.toThrow(`port ${opts.postgresPort} (embedded PostgreSQL) is already in use`);
  });

  it('a missing PostgREST binary: names the path and says how to install it', async () => {
    const opts = await options({ postgrestBinary: '/nonexistent/postgrest' });
    await expect(startStack(opts)).rejects.toThrow(
      /^PostgREST not found \(looked for \/nonexistent\/postgrest\): install PostgREST 12\.0\.2 \(macOS: `brew install postgrest`.*POSTGREST_BIN/,
    );
    expect(await portInUse(opts.postgresPort!)).toBe(false);
  });

  it('a PostgreSQL that does not start: says so with its last log lines', async () => {
    const opts = await options();
    // A data directory from an unknown PostgreSQL version.
    const postgresDir = join(opts.dataDir!, 'postgres');
    await mkdir(postgresDir, { recursive: true });
    await writeFile(join(postgresDir, 'PG_VERSION'), '7\n');
    const error = await startStack(opts).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toMatch(/^PostgreSQL did not start in .*postgres/);
    expect((error as StackError).logs.join('\n')).not.toBe('');
    expect(await portInUse(opts.postgresPort!)).toBe(false);
  });
});

describe('a child that dies', () => {
  for (const victim of ['postgrest', 'postgres'] as const) {
    it(`${victim} killed: the stack stops, reports it with its logs, and stops the others`, async () => {
      const opts = await options();
      const stack = await startStack(opts);
      cleanups.push(() => stack.stop());
      const pids = stack.pids();
      expect(isRunning(pids.postgres) && isRunning(pids.postgrest)).toBe(true);

      process.kill(pids[victim]!, 'SIGKILL');
      const exit = await stack.exited;
      expect(exit.reason).toBe('failed');
      expect(exit.error?.message).toMatch(new RegExp(`^${victim} killed by SIGKILL unexpectedly`));
      await waitFor(() => !isRunning(pids.postgres) && !isRunning(pids.postgrest));
      expect(await portInUse(opts.gatewayPort!)).toBe(false);
    });
  }
});

describe('npm run stack (the CLI)', () => {
  const cli = (args: string[]) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-stack/cli.ts', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    return { child, exited, output: () => output };
  };

  it('prints the env, serves /rest/v1, and stops every child on SIGTERM', async () => {
    const opts = await options();
    const run = cli([
      '--data-dir',
      opts.dataDir!,
      '--gateway-port',
      String(opts.gatewayPort),
      '--postgres-port',
      String(opts.postgresPort),
      '--no-clerk',
    ]);
    await waitFor(() => run.output().includes('Ctrl-C stops everything'), 60_000);
    const anonKey = /SUPABASE_ANON_KEY=(\S+)/.exec(run.output())?.[1];
    expect(anonKey).toBeTruthy();
    const response = await fetch(`http://127.0.0.1:${opts.gatewayPort}/rest/v1/tasks`, {
      headers: { apikey: anonKey! },
    });
    // The anon role has no grant on tasks in the migrations: PostgREST answers, with no rows.
    expect([200, 401]).toContain(response.status);
    expect(response.headers.get('server')).toMatch(/^postgrest\/12\.0\.2/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(await portInUse(opts.gatewayPort!)).toBe(false);
    expect(await portInUse(opts.postgresPort!)).toBe(false);
  });

  it('exits 1 with a one-line error when a port is taken', async () => {
    const opts = await options();
    await occupy(opts.gatewayPort!);
    const run = cli([
      '--data-dir',
      opts.dataDir!,
      '--gateway-port',
      String(opts.gatewayPort),
      '--postgres-port',
      String(opts.postgresPort),
      '--no-clerk',
    ]);
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(
      new RegExp(`^stack: port ${opts.gatewayPort} \\(gateway\\) is already in use: [^\\n]*$`),
    );
  });
});
