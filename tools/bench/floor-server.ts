// The floor app (tools/bench/floor): built and started like the app, with `next build` and `next start`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../local-stack/ports.ts';
import { projectRoot } from '../project-root.ts';
import { stopGroup, type NextServer } from '../../tests/support/app-server.ts';

const floorDir = join(projectRoot, 'tools/bench/floor');

function next(args: string[], env: Record<string, string> = {}) {
  const child = spawn(join(projectRoot, 'node_modules/.bin/next'), args, {
    cwd: floorDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return { child, output: () => output };
}

/** The NEXT_PUBLIC_* values of an environment. */
export function publicEnvOf(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('NEXT_PUBLIC_') && entry[1] !== undefined,
    ),
  );
}

/**
 * Builds and starts the floor app. `publicEnv`: the app's NEXT_PUBLIC_* values (Clerk's publishable key
 * and script URLs), which the shared layout's ClerkProvider renders into the page as the app's does.
 */
export async function startFloorServer(publicEnv: Record<string, string> = {}): Promise<NextServer> {
  const build = next(['build'], publicEnv);
  const code = await new Promise<number | null>((resolve) => build.child.on('exit', resolve));
  if (code !== 0) throw new Error(`floor app: next build failed (${code}):\n${build.output()}`);
  return startBuiltFloorServer(publicEnv);
}

/** Another `next start` of the floor app's existing build, with some env added (e.g. NODE_OPTIONS). */
export async function startBuiltFloorServer(env: Record<string, string> = {}): Promise<NextServer> {
  const url = `http://localhost:${await freePort()}`;
  const server = next(['start', '--port', new URL(url).port], env);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`floor app exited:\n${server.output()}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { url, pid: server.child.pid, log: server.output, stop: () => stopGroup(server.child) };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopGroup(server.child);
  throw new Error(`floor app did not answer:\n${server.output()}`);
}
