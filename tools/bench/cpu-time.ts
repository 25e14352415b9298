// Where next-server's CPU goes per request, as evidence for the page's and the action's ratios: the
// signed-in page and the add-task action against the floor's, each served by a `next start` of its own
// build run with --cpu-prof, the same number of sequential requests, and only the samples taken while
// those requests ran (tools/bench/cpu-profile.ts names the code that spent them).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NextServer } from '../../tests/support/app-server.ts';
import type { EmulatorSession } from '../../tests/support/clerk-emulator-client.ts';
import { attributeProfile, monotonicMicros, type Attribution } from './cpu-profile.ts';
import { publicEnvOf, startBuiltFloorServer } from './floor-server.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { addTaskForm, emptyList, pageRequest, type PartContext } from './page-and-action.ts';
import type { Figure, Section } from './report.ts';
import { againstBaseline, round, single } from './stats.ts';

export interface CpuTimeSettings {
  requests: number;
}

interface Profiled extends Attribution {
  requests: number;
}

async function profiled(
  start: (env: Record<string, string>) => Promise<NextServer>,
  request: (serverUrl: string) => LoadRequest,
  requests: number,
): Promise<Profiled> {
  const dir = await mkdtemp(join(tmpdir(), 'tasks-cpu-profile-'));
  try {
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${dir}`.trim();
    const server = await start({ NODE_OPTIONS: nodeOptions });
    let window: { fromMicros: number; toMicros: number };
    let total: number;
    try {
      const load = request(server.url);
      // Warm-up outside the window: the first requests load modules and compile.
      await runLoad(load, { connections: 1, amount: 50, maxSeconds: 60 });
      const fromMicros = monotonicMicros();
      total = (await runLoad(load, { connections: 1, amount: requests, maxSeconds: 300 })).total;
      window = { fromMicros, toMicros: monotonicMicros() };
    } finally {
      // SIGTERM: next start exits through process.exit, which writes the profile.
      await server.stop();
    }
    const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`next start with --cpu-prof wrote no profile in ${dir}`);
    return { ...attributeProfile(join(dir, file), window), requests: total };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const per = (ms: number, run: Profiled) => ms / run.requests;
const fmt = (ms: number) => `${round(ms, 2)} ms`;

/** One thing measured against its floor: the page, or the add-task action. */
interface Pair {
  name: 'page' | 'action';
  what: string;
  label: string;
  floorLabel: string;
  app: Profiled;
  floor: Profiled;
}

/** Each name's time per request in the app and in its floor, the largest difference first. */
function againstFloor(pair: Pair, of: (run: Profiled) => [string, number][]) {
  const perRequest = (run: Profiled) => of(run).map(([name, ms]) => [name, per(ms, run)] as const);
  return againstBaseline(perRequest(pair.app), perRequest(pair.floor));
}

const asFigure = (row: { name: string; app: number; floor: number }): Figure => ({
  label: row.name,
  unit: 'ms',
  summary: single(row.app),
  detail: `floor ${fmt(row.floor)}; ${row.app >= row.floor ? '+' : '−'}${fmt(Math.abs(row.app - row.floor))}`,
});

function breakdown(pair: Pair): { figures: Figure[]; summary: string } {
  const rows = againstFloor(pair, (run) => run.self);
  const figures = rows.filter((row) => row.app >= 0.005 || row.floor >= 0.005).map(asFigure);
  const share = (names: RegExp) =>
    rows.filter((row) => names.test(row.name)).reduce((sum, row) => sum + row.app - row.floor, 0);
  const parts: [string, number][] = [
    ['Clerk (SDK and request-data encryption)', share(/^Clerk/)],
    ['the data requests (supabase-js, fetch)', share(/^(supabase-js|fetch)/)],
    ['Next.js (the proxy machinery, routing)', share(/^Next\.js$/)],
    ['React', share(/^React$/)],
    ['Node.js core, V8 and garbage collection', share(/^(Node\.js core|V8|garbage)/)],
  ];
  const app = per(pair.app.busyMs, pair.app);
  const floor = per(pair.floor.busyMs, pair.floor);
  return {
    figures,
    summary: `${pair.what}: ${fmt(app)} of CPU per request against the floor's ${fmt(floor)}, ${fmt(app - floor)} more (${round(app / floor, 2)}×). Of the difference: ${parts.map(([part, ms]) => `${part} ${fmt(ms)}`).join(', ')}. Per request the thread also sat idle ${fmt(per(pair.app.idleMs, pair.app))} (the floor ${fmt(per(pair.floor.idleMs, pair.floor))}, the client's turn between requests): the difference is waiting for its data requests' answers. One thread at this cost serves at most ${Math.round(1000 / app)} requests per second against the floor's ${Math.round(1000 / floor)} (profiled): a ceiling of ${round(floor / app, 2)}× the floor's throughput.`,
  };
}

export async function benchCpuTime(
  ctx: PartContext,
  settings: CpuTimeSettings,
  reader: EmulatorSession,
  writer: EmulatorSession,
): Promise<Section> {
  const { app, log, sql } = ctx;
  // The app's session tokens name its origin: another server is addressed as the app.
  const appHost = new URL(app.appUrl).host;
  const appOrigin = new URL(app.appUrl).origin;
  const startApp = (env: Record<string, string>) => app.startAnotherServer(env);
  const startFloor = (env: Record<string, string>) => startBuiltFloorServer({ ...publicEnvOf(app.stack.env), ...env });
  const html = { Accept: 'text/html' };

  // Server-action ids belong to the build: the profiled servers run the builds these pages came from.
  const htmlOf = async (url: string, headers: Record<string, string> = {}) =>
    (await fetch(`${url}/`, { headers: { ...html, ...headers } })).text();
  const appForm = addTaskForm(await htmlOf(app.appUrl, { Cookie: writer.cookie }), 'the page');
  const floorForm = addTaskForm(await htmlOf(ctx.floorUrl), 'the floor');
  const post = (url: string, form: typeof appForm, headers: Record<string, string>): LoadRequest => ({
    url: `${url}/`,
    method: 'POST',
    headers: { ...html, 'Content-Type': form.contentType, ...headers },
    body: form.body,
    okStatus: '2xx-3xx',
  });

  const profile = (
    what: string,
    start: (env: Record<string, string>) => Promise<NextServer>,
    request: (serverUrl: string) => LoadRequest,
  ) => {
    log(`cpu: profiling ${what}, ${settings.requests} requests`);
    return profiled(start, request, settings.requests);
  };
  const page: Pair = {
    name: 'page',
    what: 'The signed-in page',
    label: 'task page, signed in',
    floorLabel: 'floor page (the same markup from memory, no middleware, no auth, no data)',
    app: await profile('the signed-in page', startApp, (url) => pageRequest(app, reader, url)),
    floor: await profile('the floor page', startFloor, (url) => ({ url: `${url}/`, headers: html })),
  };
  await emptyList(sql, writer.userId);
  const action: Pair = {
    name: 'action',
    what: 'The add-task action',
    label: 'add-task action (no-JS multipart POST)',
    floorLabel: 'floor action (the same form and re-render from memory)',
    app: await profile('the add-task action', startApp, (url) =>
      post(url, appForm, { Cookie: writer.cookie, Host: appHost, Origin: appOrigin }),
    ),
    floor: await profile('the floor action', startFloor, (url) =>
      post(url, floorForm, { Origin: new URL(url).origin }),
    ),
  };
  await emptyList(sql, writer.userId);

  const busy = (pair: Pair): Figure[] => [
    {
      label: pair.floorLabel,
      unit: 'ms',
      summary: single(per(pair.floor.busyMs, pair.floor)),
      detail: `idle ${fmt(per(pair.floor.idleMs, pair.floor))} per request`,
    },
    {
      label: pair.label,
      unit: 'ms',
      summary: single(per(pair.app.busyMs, pair.app)),
      baseline: pair.floorLabel,
      ratio: pair.app.busyMs / pair.app.requests / (pair.floor.busyMs / pair.floor.requests),
      detail: `idle ${fmt(per(pair.app.idleMs, pair.app))} per request`,
    },
  ];
  // The functions whose self time differs most from the floor's: where the remaining cost is, by name.
  const byFunction = (pair: Pair): Figure[] =>
    againstFloor(pair, (run) => run.functions)
      .slice(0, 15)
      .map(asFigure);
  const pageParts = breakdown(page);
  const actionParts = breakdown(action);
  const phases = (pair: Pair): Figure[] =>
    pair.app.phases.map(([phase, ms]) => ({
      label: `${pair.name}: ${phase}`,
      unit: 'ms',
      summary: single(per(ms, pair.app)),
      detail: `${round((ms / pair.app.busyMs) * 100, 1)}% of its CPU`,
    }));

  return {
    id: 'cpu',
    title: "Where next-server's CPU goes per request (CPU profiles)",
    tables: [
      { title: 'CPU per request, busy time of the next-server thread', figures: [...busy(page), ...busy(action)] },
      {
        title: "The page's CPU per view by the code that spent it (self time), largest difference first",
        figures: pageParts.figures,
      },
      {
        title: "The action's CPU per request by the code that spent it (self time), largest difference first",
        figures: actionParts.figures,
      },
      {
        title: "The page's 15 functions that cost most over the floor's (self time per view)",
        figures: byFunction(page),
      },
      {
        title: "The action's 15 functions that cost most over the floor's (self time per request)",
        figures: byFunction(action),
      },
      {
        title: 'Parts of each request (inclusive time: a frame of the part on the stack)',
        figures: [...phases(page), ...phases(action)],
      },
    ],
    notes: [
      `Each profile: ${settings.requests} requests on one connection, sequential, after a 50-request warm-up, to a \`next start\` of the same build as the figures above run with \`--cpu-prof\`; only samples taken while the measured requests ran count. Built chunks are mapped to their sources through the build's source maps. Profiling slows both servers alike.`,
      pageParts.summary,
      actionParts.summary,
      'Besides this CPU, a request waits for its data requests: the gateway, PostgREST and PostgreSQL answer them in other processes (on this machine, on the same two cores), and the page cannot render its list before the answer. That wait is in the one-connection latency, not in these figures.',
    ],
  };
}
