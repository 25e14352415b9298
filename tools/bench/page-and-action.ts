// What the app adds on top of PostgREST. The signed-in task page against a bare PostgREST
// GET of the same 50 rows, and the add-task action against a bare PostgREST POST, both with the
// session's own "supabase" template token, 16 connections for a fixed duration each.
import type { Sql } from 'postgres';
import type { AppUnderTest } from '../../tests/support/app-server.ts';
import { actionFields, findForm, multipart } from '../../tests/support/html-forms.ts';
import type { EmulatorSession, ClerkEmulatorClient } from '../../tests/support/clerk-emulator-client.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import type { Figure, Section } from './report.ts';
import { sample } from './sampling.ts';
import { assertMeasured, ratioOf, summarize, type Summary } from './stats.ts';

export interface LoadSettings {
  rounds: number;
  durationSeconds: number;
  connections: number;
}

export interface PartContext {
  app: AppUnderTest;
  clerk: ClerkEmulatorClient;
  sql: Sql;
  log: (line: string) => void;
  /** The floor app (tools/bench/floor): the same list components from memory, no auth, no data. */
  floorUrl: string;
}

type Target = 'page' | 'floor-page' | 'rest-get' | 'action' | 'floor-action' | 'rest-post';
const LABELS: Record<Target, string> = {
  page: 'task page `GET /` (next start, signed in)',
  'floor-page': 'floor: the same page markup from memory (`GET /`, no middleware, no auth, no data)',
  'floor-action': 'floor: add-task action from memory (no-JS multipart POST)',
  'rest-get': 'bare PostgREST `GET /rest/v1/tasks` (same 50 rows, same template token)',
  action: 'add-task action (no-JS multipart POST to `/`)',
  'rest-post': 'bare PostgREST `POST /rest/v1/tasks` (same token)',
};
const BASELINE: Partial<Record<Target, Target>> = { page: 'floor-page', action: 'floor-action' };
// Secondary baselines, shown in each figure's detail: one bare PostgREST request.
const SECONDARY: Partial<Record<Target, Target>> = { page: 'rest-get', action: 'rest-post' };
const TASK_NAME = 'bench task';

const elementCount = (html: string) => html.match(/<[a-zA-Z]/g)?.length ?? 0;
const fmtRatio = (value: Summary, baseline: Summary) => `${ratioOf(value, baseline).toFixed(2)}×`;

/** The add-task form as a browser without JavaScript posts it: the server-action fields read from `html`. */
export function addTaskForm(html: string, where: string) {
  const form = findForm(html, { label: 'Add a task' });
  if (actionFields(form).length === 0) throw new Error(`the "Add a task" form of ${where} has no server-action fields`);
  return multipart([...form.hidden, ['name', TASK_NAME]]);
}

/**
 * Deletes a user's tasks and vacuums the table, so a write run starts from an empty list. Without the
 * vacuum the deleted rows stay in the indexes until autovacuum comes by, and every insert's limit check
 * and every re-render's counts would step over the thousands a previous run left.
 */
export async function emptyList(sql: Sql, userId: string): Promise<void> {
  await sql`delete from public.tasks where user_id = ${userId}`;
  await sql`vacuum public.tasks`;
}

/**
 * The signed-in page as `session` loads it. Sent to another server of the same build (`serverUrl`), it is
 * addressed as the app: the session's tokens name the app's origin.
 */
export function pageRequest(app: AppUnderTest, session: EmulatorSession, serverUrl = app.appUrl): LoadRequest {
  const headers = { Cookie: session.cookie, Accept: 'text/html' };
  if (serverUrl === app.appUrl) return { url: `${app.appUrl}/`, headers };
  return { url: `${serverUrl}/`, headers: { ...headers, Host: new URL(app.appUrl).host } };
}

export async function benchPageAndAction(
  ctx: PartContext,
  settings: LoadSettings,
  reader: EmulatorSession,
  writer: EmulatorSession,
): Promise<Section> {
  const { app, clerk, sql, log, floorUrl } = ctx;
  const env = app.stack.env;
  const restUrl = `${env.SUPABASE_URL}/rest/v1/tasks`;

  // Sanity: the page is the signed-in list, and the form's action fields can be read from it.
  const page = await fetch(`${app.appUrl}/`, { headers: { Cookie: reader.cookie, Accept: 'text/html' } });
  const pageHtml = await page.text();
  if (page.status !== 200 || !pageHtml.includes('Your tasks'))
    throw new Error(`the signed-in page answered ${page.status} without "Your tasks": is the session cookie accepted?`);
  const writerPage = await (
    await fetch(`${app.appUrl}/`, { headers: { Cookie: writer.cookie, Accept: 'text/html' } })
  ).text();
  const form = addTaskForm(writerPage, 'the page');
  const floorHtml = await (await fetch(`${floorUrl}/`)).text();
  const floorForm = addTaskForm(floorHtml, 'the floor');

  const requestFor = async (target: Target): Promise<LoadRequest> => {
    switch (target) {
      case 'page':
        return pageRequest(app, reader);
      case 'floor-page':
        return { url: `${floorUrl}/`, headers: { Accept: 'text/html' } };
      case 'floor-action':
        return {
          url: `${floorUrl}/`,
          method: 'POST',
          headers: { 'Content-Type': floorForm.contentType, Origin: new URL(floorUrl).origin, Accept: 'text/html' },
          body: floorForm.body,
        };
      case 'rest-get': {
        // A template token lives 60 s: fetch one per run, as the app would.
        const token = await clerk.templateToken(reader.sessionId);
        return {
          url: `${restUrl}?select=id,name,done,created_at&order=created_at.desc,id.desc&limit=50`,
          headers: { apikey: env.SUPABASE_ANON_KEY, Authorization: `Bearer ${token}`, 'Accept-Profile': 'public' },
        };
      }
      case 'action':
        return {
          url: `${app.appUrl}/`,
          method: 'POST',
          headers: {
            Cookie: writer.cookie,
            'Content-Type': form.contentType,
            Origin: new URL(app.appUrl).origin,
            Accept: 'text/html',
          },
          body: form.body,
          okStatus: '2xx-3xx',
        };
      case 'rest-post': {
        const token = await clerk.templateToken(writer.sessionId);
        return {
          url: restUrl,
          method: 'POST',
          headers: {
            apikey: env.SUPABASE_ANON_KEY,
            Authorization: `Bearer ${token}`,
            'Content-Profile': 'public',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ name: TASK_NAME }),
        };
      }
    }
  };

  const writerRows = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from public.tasks where user_id = ${writer.userId}`)[0]?.n ??
    0;
  const run = async (target: Target, durationSeconds: number): Promise<LoadResult> => {
    const writes = target === 'action' || target === 'rest-post';
    // Writers start from an empty list each run: the page the action re-renders (and its counts)
    // would otherwise grow from run to run.
    if (writes) await emptyList(sql, writer.userId);
    const result = await runLoad(await requestFor(target), { connections: settings.connections, durationSeconds });
    if (writes) {
      const rows = await writerRows();
      // A POST that answers 200 without running the action would look fast: count the inserts.
      if (rows < (result.total - result.failed) * 0.99)
        throw new Error(`${target}: ${result.total} requests but only ${rows} tasks inserted`);
    }
    return result;
  };

  const targets: Target[] = ['page', 'floor-page', 'rest-get', 'action', 'floor-action', 'rest-post'];
  log('http: warm-up');
  // The first requests after a start compile and warm caches; on loaded cores a short warm-up can
  // finish none of them, which measures nothing, so a warm-up is never a failure.
  for (const target of targets)
    await run(target, 5).catch((error: Error) => log(`warm-up ${target}: ${error.message}`));
  const results = new Map<Target, LoadResult[]>();
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of targets) {
      log(
        `http: round ${round}/${settings.rounds}: ${target}, ${settings.connections} connections, ${settings.durationSeconds} s`,
      );
      results.set(target, [...(results.get(target) ?? []), await run(target, settings.durationSeconds)]);
    }
  }
  // Service time without queueing: one connection, sequential requests. Separates "the app does
  // more work per request" from "16 connections queue for two cores".
  const single = new Map<Target, Summary>();
  for (const target of targets) {
    log(`http: one connection, sequential: ${target}`);
    // From an empty list, as in the runs above.
    if (target === 'action' || target === 'rest-post') await emptyList(sql, writer.userId);
    const request = await requestFor(target);
    const values = await sample(
      async () => {
        const response = await fetch(request.url, {
          method: request.method ?? 'GET',
          headers: request.headers,
          body:
            typeof request.body === 'string' || request.body === undefined
              ? request.body
              : new Uint8Array(request.body),
        });
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${target} answered ${response.status}`);
      },
      { warmup: 3, count: 40, budgetMs: 20_000 },
    );
    assertMeasured(`${target} single`, values);
    single.set(target, summarize(values));
  }
  await emptyList(sql, writer.userId);

  const table = (
    title: string,
    metric: keyof LoadResult,
    unit: string,
    target?: number,
    atLeast = false,
  ): { title: string; figures: Figure[] } => {
    const summaries = new Map(
      targets.map((t) => {
        const values = (results.get(t) ?? []).map((r) => r[metric]);
        assertMeasured(`${t} ${metric}`, values);
        return [t, summarize(values)] as const;
      }),
    );
    return {
      title,
      figures: targets.map((t) => {
        const summary = summaries.get(t)!;
        const baseline = BASELINE[t];
        const secondary = SECONDARY[t];
        const failed = (results.get(t) ?? []).reduce((sum, r) => sum + r.failed, 0);
        const details = [
          secondary ? `${fmtRatio(summary, summaries.get(secondary)!)} bare PostgREST` : '',
          failed > 0 && metric === 'p50' ? `${failed} failed requests` : '',
        ].filter(Boolean);
        return {
          label: LABELS[t],
          unit,
          summary,
          ...(baseline ? { baseline: LABELS[baseline], ratio: ratioOf(summary, summaries.get(baseline)!) } : {}),
          ...(baseline && target ? { target, ...(atLeast ? { atLeast } : {}) } : {}),
          ...(details.length > 0 ? { detail: details.join('; ') } : {}),
        };
      }),
    };
  };

  const p50 = table('Latency p50', 'p50', 'ms');
  const serviceTime = {
    title: 'One connection, sequential requests (service time without queueing; fetch, keep-alive)',
    figures: targets.map((t): Figure => {
      const summary = single.get(t)!;
      const baseline = BASELINE[t];
      return {
        label: LABELS[t],
        unit: 'ms',
        summary,
        ...(baseline
          ? { baseline: LABELS[baseline], ratio: ratioOf(summary, single.get(baseline)!), target: 1.5 }
          : {}),
        ...(SECONDARY[t] ? { detail: `${fmtRatio(summary, single.get(SECONDARY[t])!)} bare PostgREST` } : {}),
      };
    }),
  };
  const notes = [
    `Each target ran ${settings.rounds} × ${settings.durationSeconds} s with ${settings.connections} connections (autocannon, loopback), after a 5 s warm-up; targets alternate within each round. Latencies are autocannon's, in whole milliseconds.`,
    `Targets (the goals): one connection p50 ≤ 1.5× the floor, 16-connection throughput ≥ 0.75× the floor. The floor is tools/bench/floor: the app's page view (src/ui/task-list-page.tsx) in the app's root layout (metadata, ClerkProvider), rendered from memory by a Next app of its own (no middleware, no auth, no data). The page: Clerk middleware verifies the session token (networkless, CLERK_JWT_KEY), the template token comes from the app's cache, then one PostgREST request (rpc/task_page: the 51 newest tasks and both counts) and a server render of 50 rows (${Math.round(pageHtml.length / 1024)} KiB of HTML). The bare GET is one PostgREST request.`,
    `Same markup: the page is ${pageHtml.length} bytes with ${elementCount(pageHtml)} elements, the floor ${floorHtml.length} bytes with ${elementCount(floorHtml)} (the differences are build hashes and ids).`,
    'The action: the form posted as a browser without JavaScript does (multipart, Next server-action fields read from the page); it inserts through PostgREST, then re-renders the page (list and counts) in the same response. The bare POST inserts only (201, return=minimal). Each write run starts from an empty list for its user (deleted, then the table vacuumed), and the inserts were counted after every run.',
  ];
  return {
    id: 'http',
    title: `HTTP, ${settings.connections} concurrent connections — the app against bare PostgREST`,
    tables: [
      p50,
      table('Latency p99', 'p99', 'ms'),
      table(
        'Throughput (ratio < 1 means fewer requests per second than the baseline)',
        'requestsPerSecond',
        'req/s',
        0.75,
        true,
      ),
      serviceTime,
    ],
    notes,
  };
}
