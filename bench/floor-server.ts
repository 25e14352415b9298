// The floor app (bench/floor): built and started like the app, with `next build` and `next start`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../local-stack/ports.ts';
import { projectRoot } from '../project-root.ts';
import { stopGroup, type NextServer } from '../test-support/app-server.ts';

const floorDir = join(projectRoot, 'bench/floor');

function next(args: string[]) {
  const child = spawn(join(projectRoot, 'node_modules/.bin/next'), args, {
    cwd: floorDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return { child, output: () => output };
}

export async function startFloorServer(): Promise<NextServer> {
  const build = next(['build']);
  const code = await new Promise<number | null>((resolve) => build.child.on('exit', resolve));
  if (code !== 0) throw new Error(`floor app: next build failed (${code}):\n${build.output()}`);
  const url = `http://localhost:${await freePort()}`;
  const server = next(['start', '--port', new URL(url).port]);
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
