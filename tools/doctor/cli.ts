// npm run doctor: checks the app's environment against Clerk, Supabase and the database, one line per
// check, and exits 1 when any check finds a problem. Reads the env the way the app and `npm run dev`
// do: .env.local (and the other .env files) via @next/env, else the local stack's .data/stack.env.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import nextEnv from '@next/env';
import { projectRoot } from '../project-root.ts';
import { clerkApiUrl, formatReport, REQUIRED_KEYS, runDoctor, type DoctorEnv } from './checks.ts';

function loadEnv(): { env: DoctorEnv; source: string } {
  const { combinedEnv, loadedEnvFiles } = nextEnv.loadEnvConfig(projectRoot, true, {
    info: () => {},
    error: console.error,
  });
  if (REQUIRED_KEYS.some((key) => combinedEnv[key])) {
    const files = loadedEnvFiles.map((file) => file.path).join(', ');
    return { env: combinedEnv, source: files || 'the process environment' };
  }
  const stackEnv = join(process.env.STACK_DATA_DIR ?? join(projectRoot, '.data'), 'stack.env');
  if (existsSync(stackEnv))
    return { env: { ...combinedEnv, ...parseEnv(readFileSync(stackEnv, 'utf8')) }, source: stackEnv };
  return { env: combinedEnv, source: 'no .env.local and no .data/stack.env' };
}

const { env, source } = loadEnv();
const mode = env.CLERK_SUPABASE_AUTH?.trim() || 'template';
const results = await runDoctor(env);
console.log(
  formatReport(
    results,
    `doctor: env from ${source}; ${mode} mode; Clerk ${clerkApiUrl(env)}; Supabase ${env.SUPABASE_URL ?? '(unset)'}`,
  ),
);
process.exit(results.some((result) => result.status === 'problem') ? 1 : 0);
