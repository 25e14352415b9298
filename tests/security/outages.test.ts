// Outages: while a bounded driver keeps adding tasks and loading the list over HTTP, stop PostgreSQL,
// then PostgREST, then the Clerk emulator, each for a few seconds, and bring it back. Expected: clear
// errors during the outage (never a 5xx or crash page), full recovery after, and a final table that
// matches the driver's log: every acknowledged write present once, no refused write present.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHttp, createUser, scrapeActionForms, signIn, type AppResponse } from '../support/app-http.ts';
import { securityContext } from '../support/security-context.ts';
import { allTasks, seedTask, superuser, type Sql } from '../support/tasks-table.ts';
import type { HtmlForm } from '../support/html-forms.ts';
import { createOutcome, readOutcome, type Outcome } from '../support/outcomes.ts';
import { recordCase } from '../support/security-report.ts';

const ctx = securityContext();
// supabase-js retries a GET answered 503 three times (after 1, 2 and 4 s), so reads ride out a
// shorter PostgREST outage; the outage must outlast that for users to see it.
const OUTAGE_MS = 9_000;
const RECOVERY_LIMIT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;

type Service = 'postgres' | 'postgrest' | 'clerk';

interface LogEntry {
  worker: string;
  userId: string;
  kind: 'create' | 'read';
  name?: string;
  outcome: Outcome | 'ok' | 'clear-error';
  detail: string;
  phase: string;
  at: number;
}

interface Worker {
  label: string;
  userId: string;
  app: AppHttp;
}

let sql: Sql;
let createForm: HtmlForm;
const log: LogEntry[] = [];
let phase = 'baseline';

/** Services this file stopped and has not restarted yet. */
const down = new Set<Service>();

async function control(verb: 'stop' | 'start', service: Service): Promise<void> {
  const response = await fetch(`${ctx.controlUrl}/${verb}/${service}`, { method: 'POST' });
  if (!response.ok) throw new Error(await response.text());
  if (verb === 'stop') down.add(service);
  else down.delete(service);
}

/** One worker's loop: add a task (unique name), and every third round load the list. */
async function drive(worker: Worker, until: () => boolean): Promise<void> {
  for (let round = 0; !until(); round++) {
    const name = `${worker.label}-${round}`;
    const at = Date.now();
    let res: AppResponse | undefined;
    try {
      res = await worker.app.submit('/', createForm, [['name', name]]);
    } catch (error) {
      log.push({
        worker: worker.label,
        userId: worker.userId,
        kind: 'create',
        name,
        outcome: 'unknown',
        detail: `no response: ${(error as Error).message}`,
        phase,
        at,
      });
    }
    if (res)
      log.push({
        worker: worker.label,
        userId: worker.userId,
        kind: 'create',
        name,
        ...createOutcome(res, name),
        phase,
        at,
      });
    if (round % 3 === 2) {
      try {
        log.push({
          worker: worker.label,
          userId: worker.userId,
          kind: 'read',
          ...readOutcome(await worker.app.get('/')),
          phase,
          at: Date.now(),
        });
      } catch (error) {
        log.push({
          worker: worker.label,
          userId: worker.userId,
          kind: 'read',
          outcome: 'unknown',
          detail: `no response: ${(error as Error).message}`,
          phase,
          at: Date.now(),
        });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every worker has had a write acknowledged after `since`. */
async function waitForRecovery(workers: Worker[], since: number): Promise<boolean> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (
      workers.every((w) =>
        log.some((e) => e.worker === w.label && e.kind === 'create' && e.outcome === 'ack' && e.at >= since),
      )
    )
      return true;
    await sleep(250);
  }
  return false;
}

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  const userId = await createUser(ctx, 'outage-form');
  const owner = new AppHttp(ctx.appUrl, (await signIn(ctx, userId)).cookie, REQUEST_TIMEOUT_MS);
  createForm = (await scrapeActionForms(owner, (await seedTask(sql, userId, 'form source')).id)).create;
});

afterAll(async () => {
  // Whatever happened, leave every service running for the files after this one (starting one that
  // already runs would start a second copy).
  for (const service of [...down]) await control('start', service).catch(() => {});
  await sql?.end();
});

describe('outages while users keep working', () => {
  it(
    'gives clear errors during each outage, recovers after, and loses or duplicates no acknowledged write',
    { timeout: 300_000 },
    async () => {
      const workers: Worker[] = [];
      for (let i = 0; i < 3; i++) {
        const userId = await createUser(ctx, `outage-${i}`);
        workers.push({
          label: `w${i}`,
          userId,
          app: new AppHttp(ctx.appUrl, (await signIn(ctx, userId)).cookie, REQUEST_TIMEOUT_MS),
        });
      }
      let stopped = false;
      const running = workers.map((w) => drive(w, () => stopped));
      const freshRuns: Promise<void>[] = [];
      const phases: { service: Service; outageErrors: number; bad: number; recovered: boolean; recoveryMs: number }[] =
        [];
      try {
        await sleep(1_500);
        for (const service of ['postgres', 'postgrest', 'clerk'] as const) {
          let fresh: Worker | undefined;
          if (service === 'clerk') {
            // Signed-in workers hold cached template tokens and ride out a short Clerk outage; a session
            // that has not fetched one yet must get one from Clerk and shows what users see when it is down.
            fresh = {
              label: 'fresh-session',
              userId: workers[0]!.userId,
              app: new AppHttp(ctx.appUrl, (await signIn(ctx, workers[0]!.userId)).cookie, REQUEST_TIMEOUT_MS),
            };
          }
          phase = `${service} down`;
          const downAt = Date.now();
          await control('stop', service);
          if (fresh) freshRuns.push(drive(fresh, () => stopped));
          await sleep(OUTAGE_MS);
          await control('start', service);
          phase = `${service} back`;
          const upAt = Date.now();
          const recovered = await waitForRecovery(fresh ? [...workers, fresh] : workers, upAt);
          const during = log.filter((e) => e.at >= downAt && e.at < upAt);
          phases.push({
            service,
            outageErrors: during.filter((e) => e.outcome === 'refused' || e.outcome === 'clear-error').length,
            bad: log.filter((e) => e.phase.startsWith(service) && e.outcome === 'bad').length,
            recovered,
            recoveryMs: Date.now() - upAt,
          });
        }
      } finally {
        stopped = true;
        await Promise.all([...running, ...freshRuns]);
      }

      // The final table against the log of every write.
      const rows = (await allTasks(sql)).filter((row) => log.some((e) => e.userId === row.user_id));
      const rowCount = new Map<string, number>();
      for (const row of rows)
        rowCount.set(`${row.user_id}/${row.name}`, (rowCount.get(`${row.user_id}/${row.name}`) ?? 0) + 1);
      const creates = log.filter((e) => e.kind === 'create');
      const keyOf = (e: LogEntry) => `${e.userId}/${e.name}`;
      const lost = creates.filter((e) => e.outcome === 'ack' && !rowCount.has(keyOf(e)));
      const refusedButWritten = creates.filter((e) => e.outcome === 'refused' && rowCount.has(keyOf(e)));
      const duplicated = [...rowCount].filter(([, count]) => count > 1);
      const logged = new Set(creates.map(keyOf));
      const phantom = rows.filter((row) => !logged.has(`${row.user_id}/${row.name}`));
      const bad = log.filter((e) => e.outcome === 'bad');
      const count = (outcome: string) => creates.filter((e) => e.outcome === outcome).length;

      for (const p of phases) {
        const problems = [
          ...(p.bad ? [`${p.bad} 5xx/crash responses`] : []),
          ...(p.outageErrors ? [] : ['no clear error seen during the outage']),
          ...(p.recovered ? [] : ['no recovery within 60 s']),
        ];
        recordCase(ctx.casesFile, {
          suite: 'outages',
          layer: 'app (HTTP) + stack',
          identity: p.service === 'clerk' ? '3 signed-in users + 1 fresh session' : '3 signed-in users',
          operation: `${p.service} stopped ${OUTAGE_MS / 1000} s, then restarted`,
          expected: 'clear "unavailable … Nothing was changed" errors, no 5xx, every user writing again after restart',
          got: `${p.outageErrors} clear errors during the outage, ${p.bad} bad responses, ${p.recovered ? `all users writing again ${(p.recoveryMs / 1000).toFixed(1)} s after restart` : 'NOT recovered'}${problems.length ? ` — ${problems.join('; ')}` : ''}`,
          verdict: problems.length ? 'fail' : 'pass',
        });
      }
      const integrityProblems = [
        ...(lost.length ? [`${lost.length} acknowledged writes lost`] : []),
        ...(refusedButWritten.length ? [`${refusedButWritten.length} refused writes present`] : []),
        ...(duplicated.length ? [`${duplicated.length} duplicated`] : []),
        ...(phantom.length ? [`${phantom.length} rows nobody wrote`] : []),
      ];
      recordCase(ctx.casesFile, {
        suite: 'outages',
        layer: 'PostgreSQL (superuser)',
        identity: 'all driver users',
        operation: 'final table vs the driver log',
        expected: 'every acknowledged write exactly once; no refused write; nothing else',
        got: `${creates.length} writes: ${count('ack')} acknowledged, ${count('refused')} refused, ${count('unknown')} without a clear answer, ${count('bad')} bad; ${rows.length} rows${integrityProblems.length ? ` — ${integrityProblems.join('; ')}` : ''}`,
        verdict: integrityProblems.length ? 'fail' : 'pass',
      });

      const summary = JSON.stringify(
        {
          phases,
          lost: lost.slice(0, 3),
          refusedButWritten: refusedButWritten.slice(0, 3),
          duplicated,
          phantom: phantom.slice(0, 3),
          bad: bad.slice(0, 5),
          unknown: creates.filter((e) => e.outcome === 'unknown').slice(0, 5),
        },
        null,
        1,
      );
      expect(bad, summary).toEqual([]);
      expect(
        phases.map((p) => [p.service, p.outageErrors > 0, p.recovered]),
        summary,
      ).toEqual([
        ['postgres', true, true],
        ['postgrest', true, true],
        ['clerk', true, true],
      ]);
      expect(integrityProblems, summary).toEqual([]);
    },
  );
});
