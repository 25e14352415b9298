// The app as users get it: the local stack (fresh data) plus the production build
// (`next build && next start`), built with the stack's env since NEXT_PUBLIC_* is inlined at build.
// Used by the e2e tests, the security suite and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { projectRoot } from '../../tools/project-root.ts';
import { StackError } from '../../tools/local-stack/errors.ts';
import { freePort } from '../../tools/local-stack/ports.ts';
import { startStack, type Stack, type StackOptions } from '../../tools/local-stack/stack.ts';
import { startBalancer, type Balancer } from './balancer.ts';

export interface AppUnderTest {
  appUrl: string;
  stack: Stack;
  /** The next-server's recent output, for failure messages. */
  appLog(): string;
  /** The next-server process id (for memory readings). */
  appPid(): number | undefined;
  /**
   * Another `next start` on the same build and stack, with some runtime env changed (e.g. the token
   * cache off): server-side env is read at runtime, NEXT_PUBLIC_* was inlined with this stack's values.
   */
  startAnotherServer(envChanges: Record<string, string>): Promise<NextServer>;
  /** With `instances` > 1: the round-robin balancer at appUrl, in front of that many `next start`. */
  balancer?: Balancer;
  stop(): Promise<void>;
}

export interface NextServer {
  url: string;
  pid: number | undefined;
  log(): string;
  stop(): Promise<void>;
}

export interface AppUnderTestOptions {
  /** Extra env for the app (e.g. CLERK_SUPABASE_TOKEN_CACHE=off; CLERK_SUPABASE_AUTH=native also sets up the emulator for it). */
  appEnv?: Record<string, string>;
  stack?: Pick<StackOptions, 'databaseUrl' | 'extraJwks'> & { sessionTokenLifetimeSeconds?: number };
  /**
   * `next start` instances of the one build (default 1). With more, appUrl is a round-robin balancer in
   * front of them: the one origin users, Clerk's redirects and its webhooks see.
   */
  instances?: number;
}

function spawnNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Its own process group, so stopping it also stops the next-server it forks.
  return spawn(join(projectRoot, 'node_modules/.bin/next'), args, {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Stops a child started in its own process group, and everything it forked (next-server). */
export function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return exited;
}

function collectOutput(child: ChildProcess, limit = 20_000): () => string {
  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-limit));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

/** A build folder of this run's own, with a tsconfig that Next may amend (see next.config.mjs). */
async function prepareBuildDir(): Promise<string> {
  await mkdir(join(projectRoot, '.next-test'), { recursive: true });
  const dir = await mkdtemp(join(projectRoot, '.next-test', 'build-'));
  const tsconfig = { extends: '../tsconfig.json', include: ['../src/**/*.ts', '../src/**/*.tsx'] };
  await writeFile(`${dir}.tsconfig.json`, JSON.stringify(tsconfig, null, 2));
  return relative(projectRoot, dir);
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnNext(['build'], env);
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output()}`);
}

/** `next start` of the build named in env.NEXT_TEST_BUILD_DIR on a free port, once it answers. */
async function startNextServer(env: NodeJS.ProcessEnv, port?: number): Promise<NextServer> {
  const url = `http://localhost:${port ?? (await freePort())}`;
  const child = spawnNext(['start', '--port', new URL(url).port], env);
  const log = collectOutput(child);
  try {
    await waitForHttp(url, child, log);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { url, pid: child.pid, log, stop: () => stopGroup(child) };
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${log()}`);
}

export async function startAppUnderTest(options: AppUnderTestOptions = {}): Promise<AppUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tasks-app-'));
  const appPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const stack = await startStack({
    dataDir,
    databaseUrl: options.stack?.databaseUrl,
    extraJwks: options.stack?.extraJwks,
    gatewayPort: await freePort(),
    postgresPort: await freePort(),
    clerk: {
      port: await freePort(),
      appUrl,
      sessionTokenLifetimeSeconds: options.stack?.sessionTokenLifetimeSeconds,
      // Native Supabase auth: the app sends the session token itself, so it must carry `role`.
      nativeSupabaseRole: (options.appEnv?.CLERK_SUPABASE_AUTH ?? process.env.CLERK_SUPABASE_AUTH) === 'native',
    },
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    // Test runners print the message, not StackError.logs: put the failing child's last lines in it.
    if (error instanceof StackError && error.logs.length > 0) {
      throw new Error(`${error.message}\n${error.logs.join('')}`, { cause: error });
    }
    throw error;
  });
  const buildDir = await prepareBuildDir();
  const env = {
    NEXT_TELEMETRY_DISABLED: '1',
    ...process.env,
    ...stack.env,
    ...options.appEnv,
    NEXT_TEST_BUILD_DIR: buildDir,
    NODE_ENV: 'production' as const,
    // The one origin users (and Clerk's session tokens) see: the balancer's when there is one.
    APP_URL: appUrl,
  };
  const cleanUp = async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(join(projectRoot, buildDir), { recursive: true, force: true });
    await rm(join(projectRoot, `${buildDir}.tsconfig.json`), { force: true });
  };
  const instances = options.instances ?? 1;
  const servers: NextServer[] = [];
  let balancer: Balancer | undefined;
  try {
    await build(env);
    if (instances === 1) servers.push(await startNextServer(env, appPort));
    else {
      for (let i = 0; i < instances; i++) servers.push(await startNextServer(env));
      balancer = await startBalancer(
        servers.map((server) => server.url),
        { port: appPort },
      );
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await cleanUp();
    throw error;
  }
  const app = servers[0]!;
  return {
    appUrl,
    stack,
    appLog: () => servers.map((server) => server.log()).join('\n'),
    appPid: () => app.pid,
    startAnotherServer: (envChanges) => startNextServer({ ...env, ...envChanges }),
    balancer,
    async stop() {
      await balancer?.close();
      await Promise.all(servers.map((server) => server.stop()));
      await cleanUp();
    },
  };
}
