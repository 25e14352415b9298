// `npm run bench`: the cost of RLS at scale (a user's list and an organization's), of the app over bare PostgREST, of Clerk Backend API calls
// per page view and next-server's memory, on the local stack, loopback only, bounded in time.
// Writes tools/bench/results/latest.json and latest.md. Settings can be shrunk for a smoke run with
// BENCH_QUICK=1. Exits non-zero only when something was not measured (no timing is asserted).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { POSTGREST_VERSION } from '../local-stack/postgrest.ts';
import { benchApp, type AppSettings } from './app-bench.ts';
import { describeMachine } from './machine.ts';
import { renderMarkdown, type Results, type Section } from './report.ts';
import { benchRlsAtScale, type RlsSettings } from './rls-at-scale.ts';
import { benchOrgRlsAtScale } from './rls-org.ts';

const quick = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=http,cpu runs only those sections (rls, org-rls, http, cpu, timeline, scale, clerk, memory), for a quick look.
const only = process.env.BENCH_ONLY?.split(',') ?? [
  'rls',
  'org-rls',
  'http',
  'cpu',
  'timeline',
  'scale',
  'clerk',
  'memory',
];
const rls: RlsSettings = quick
  ? { rounds: 2, perRound: 10, slowBudgetMs: 3_000 }
  : { rounds: 5, perRound: 40, slowBudgetMs: 15_000 };
const app: AppSettings = quick
  ? {
      only,
      rounds: 1,
      durationSeconds: 3,
      connections: 16,
      pageViews: 100,
      clerkRounds: 1,
      memoryRequests: 1_000,
      cpuRequests: 200,
      timelineRequests: 200,
    }
  : {
      only,
      rounds: 3,
      durationSeconds: 8,
      connections: 16,
      pageViews: 100,
      clerkRounds: 3,
      memoryRequests: 10_000,
      cpuRequests: 1_000,
      timelineRequests: 1_000,
    };

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
// A partial run never replaces the full run's results.
const name = process.env.BENCH_ONLY ? 'partial' : 'latest';
const started = Date.now();
const log = (line: string) => console.error(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

async function main() {
  const startedAt = new Date().toISOString();
  const machineAtStart = describeMachine({ postgres: '?', postgrest: POSTGREST_VERSION });
  const sections: Section[] = [];

  const rlsAtScale = only.includes('rls') ? await benchRlsAtScale(rls, log) : undefined;
  if (rlsAtScale) sections.push(rlsAtScale.section);
  if (only.includes('org-rls')) sections.push((await benchOrgRlsAtScale(rls, log)).section);
  if (only.some((id) => !id.includes('rls'))) sections.push(...(await benchApp(app, log)));

  const results: Results = {
    startedAt,
    durationSeconds: (Date.now() - started) / 1000,
    machine: { ...machineAtStart, postgres: rlsAtScale?.postgres ?? '?' },
    settings: { quick: quick ? 'yes' : 'no', ...prefix('rls', rls), ...prefix('http', app) },
    sections,
  };
  await mkdir(resultsDir, { recursive: true });
  // Written to a temporary name first, so an interrupted run never leaves half a file.
  await writeFile(`${resultsDir}${name}.json.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  await rename(`${resultsDir}${name}.json.tmp`, `${resultsDir}${name}.json`);
  const markdown = renderMarkdown(results);
  await writeFile(`${resultsDir}${name}.md`, markdown);
  console.log(markdown);
  log(`wrote tools/bench/results/${name}.md and ${name}.json`);
  const failed = sections.filter((section) => section.failed);
  if (failed.length > 0) {
    console.error(`not measured: ${failed.map((section) => section.title).join('; ')}`);
    process.exit(1);
  }
  process.exit(0);
}

function prefix(name: string, settings: object): Record<string, number | string> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [`${name}.${key}`, value as number | string]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
