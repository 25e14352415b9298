// `npm run dev`: the app with its local stack. With hosted Clerk and Supabase keys in .env.local
// it runs `next dev` alone; otherwise it starts the local stack (PostgreSQL, PostgREST behind the
// Supabase-style gateway, the Clerk emulator) and runs `next dev` with the stack's env.
import './require-node.ts';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import nextEnv from '@next/env';
import { projectRoot } from '../project-root.ts';
import { StackError } from './errors.ts';
import { portInUse } from './ports.ts';
import { startStack, type Stack } from './stack.ts';

const APP_PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${APP_PORT}`;
const HOSTED_KEYS = ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'SUPABASE_URL', 'SUPABASE_ANON_KEY'];

function fail(message: string): never {
  console.error(`npm run dev: ${message}`);
  process.exit(1);
}

const { combinedEnv } = nextEnv.loadEnvConfig(projectRoot, true, { info: () => {}, error: console.error });
const present = HOSTED_KEYS.filter((key) => combinedEnv[key]);
if (present.length > 0 && present.length < HOSTED_KEYS.length) {
  const missing = HOSTED_KEYS.filter((key) => !combinedEnv[key]);
  fail(
    `.env.local has ${present.join(', ')} but not ${missing.join(', ')}. Set all four for hosted Clerk + Supabase, or none for the local stack.`,
  );
}
if (await portInUse(APP_PORT))
  fail(`port ${APP_PORT} is in use. Stop what listens there, or run with PORT=<other port>.`);

let stack: Stack | undefined;
if (present.length === 0) {
  console.log('Starting the local stack (PostgreSQL, PostgREST, Clerk emulator)…');
  try {
    stack = await startStack({ clerk: { appUrl: APP_URL } });
  } catch (error) {
    if (error instanceof StackError) fail(error.message + (error.logs.length ? `\n${error.logs.join('')}` : ''));
    throw error;
  }
  console.log(`Local stack up; its env is in ${stack.envFile}.`);
  if (stack.env.CLERK_EMULATOR_URL) {
    console.log(`Sign up or sign in at ${APP_URL} (the Clerk emulator's pages); users live in .data/clerk.`);
  }
} else {
  console.log('Hosted Clerk and Supabase keys found in .env.local: running next dev alone.');
}

const next = spawn(join(projectRoot, 'node_modules/.bin/next'), ['dev', '--port', String(APP_PORT)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, ...stack?.env },
});

let shuttingDown = false;
async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (next.exitCode === null) next.kill('SIGTERM');
  await stack?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
next.on('exit', (code) => void shutdown(code ?? 0));
void stack?.exited.then((exit) => {
  if (exit.reason !== 'failed') return;
  console.error(`npm run dev: ${exit.error?.message ?? 'the local stack stopped'}`);
  if (exit.error?.logs.length) console.error(exit.error.logs.join(''));
  void shutdown(1);
});
