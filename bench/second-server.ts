// A second `next start` on the build the app-under-test harness already made (its env, read from
// the running app, names the build folder), with different runtime env (CLERK_SUPABASE_TOKEN_CACHE=off): the same stack, the same build, one variable
// changed, and no second 30-second build. Runtime env is read per process (src/env.ts), while
// NEXT_PUBLIC_* was inlined at build time with this stack's values, so the build fits.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../scripts/db.ts';
import { freePort } from '../local-stack/ports.ts';

export interface SecondServer {
  url: string;
  stop(): Promise<void>;
}

export async function startSecondServer(env: Record<string, string>): Promise<SecondServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  // Own process group: stopping it stops the next-server child too.
  const child: ChildProcess = spawn(join(projectRoot, 'node_modules/.bin/next'), ['start', '--port', String(port)], {
    cwd: projectRoot,
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second next start exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(url, { redirect: 'manual' });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`second next start did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { url, stop };
}
