// Where the page's time goes, request by request, and what it allocates: the signed-in page and the
// floor, each on a `next start` of its own with tools/bench/server-probe.ts loaded, one connection. The
// probe times each request inside next-server (before its data request, the data request, after the
// answer); its data request is then timed from outside, through the gateway and straight to PostgREST,
// so the wait is named by the process that spent it. An allocation profile of the same servers follows.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../project-root.ts';
import type { NextServer } from '../../tests/support/app-server.ts';
import type { EmulatorSession } from '../../tests/support/clerk-emulator-client.ts';
import { attributeHeapProfile } from './cpu-profile.ts';
import { publicEnvOf, startBuiltFloorServer } from './floor-server.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { pageRequest, type PartContext } from './page-and-action.ts';
import type { Figure, Section } from './report.ts';
import type { FetchTimes, ProbeReport, RequestTimes } from './server-probe.ts';
import { againstBaseline, assertMeasured, median, round, single, summarize } from './stats.ts';

export interface TimelineSettings {
  /** Requests timed, then as many again under the allocation profiler. */
  requests: number;
}

const WARMUP = 100;
const probe = join(projectRoot, 'tools/bench/server-probe.ts');

async function probed(
  start: (env: Record<string, string>) => Promise<NextServer>,
  request: (serverUrl: string) => LoadRequest,
  requests: number,
): Promise<ProbeReport> {
  const dir = await mkdtemp(join(tmpdir(), 'tasks-probe-'));
  const file = join(dir, 'probe.json');
  try {
    const server = await start({
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(),
      BENCH_PROBE_OUT: file,
      BENCH_PROBE_WARMUP: String(WARMUP),
      BENCH_PROBE_TIMED: String(requests),
      BENCH_PROBE_SAMPLED: String(requests),
    });
    try {
      // Starting answered a few requests already; the surplus only runs after the probe has written.
      await runLoad(request(server.url), { connections: 1, amount: WARMUP + 2 * requests + 20, maxSeconds: 300 });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text) return JSON.parse(text) as ProbeReport;
        if (Date.now() > deadline) throw new Error(`the server probe wrote nothing to ${file}:\n${server.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sequential requests from this process, in milliseconds each. */
async function timeFetches(url: string, headers: Record<string, string>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 20 + count; i++) {
    const begun = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (i >= 20) times.push(performance.now() - begun);
  }
  return times;
}

// The page view's steps, in order: together they are its request in → response out.
const STEPS: [string, (row: RequestTimes, fetch: Required<FetchTimes>) => number][] = [
  ['1. before its data request (proxy: Clerk, CSP; layout, auth(), token)', (row, f) => f.created - row.began],
  ['2. the data request queued in next-server until written', (_, f) => f.sent - f.created],
  ['3. the data request answered (gateway, PostgREST, PostgreSQL)', (_, f) => f.read - f.sent],
  ['4. after the answer (render, response)', (row, f) => row.finished - f.read],
];

const spans = (label: string, values: number[], extra: Partial<Figure> = {}): Figure => {
  assertMeasured(label, values);
  return { label, unit: 'ms', summary: summarize(values), ...extra };
};
const kb = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;

export async function benchRequestTimeline(
  ctx: PartContext,
  settings: TimelineSettings,
  reader: EmulatorSession,
): Promise<Section> {
  const { app, clerk, log } = ctx;
  const env = app.stack.env;
  log(`timeline: the signed-in page, ${settings.requests} requests timed and ${settings.requests} profiled`);
  const page = await probed(
    (extra) => app.startAnotherServer(extra),
    (url) => pageRequest(app, reader, url),
    settings.requests,
  );
  log('timeline: the floor');
  const floor = await probed(
    (extra) => startBuiltFloorServer({ ...publicEnvOf(env), ...extra }),
    (url) => ({ url: `${url}/`, headers: { Accept: 'text/html' } }),
    settings.requests,
  );

  // The page's one data request: every timed request made exactly one.
  const data = page.timed.map((row) => ({ row, fetch: row.fetches[0] }));
  if (data.some(({ row, fetch }) => row.fetches.length !== 1 || !fetch?.sent || !fetch.read))
    throw new Error('a timed page view did not make exactly one complete data request');
  const of = (pick: (row: RequestTimes, fetch: Required<FetchTimes>) => number) =>
    data.map(({ row, fetch }) => pick(row, fetch as Required<FetchTimes>));
  const total = (rows: RequestTimes[]) => rows.map((row) => row.finished - row.began);
  const busy = (rows: RequestTimes[]) => `busy ${round(median(rows.map((row) => row.busy)), 2)} ms`;
  const floorTotal = total(floor.timed);
  const pageTotal = total(page.timed);

  // The same request from outside next-server: through the gateway, and straight to PostgREST.
  const path = data[0]!.fetch!.path;
  if (!path.startsWith('/rest/v1/')) throw new Error(`the page's data request went to ${path}, not the gateway`);
  const token = await clerk.templateToken(reader.sessionId);
  const auth = { Authorization: `Bearer ${token}`, 'Accept-Profile': 'public' };
  const throughGateway = await timeFetches(
    `${env.SUPABASE_URL}${path}`,
    { ...auth, apikey: env.SUPABASE_ANON_KEY },
    settings.requests,
  );
  const direct = await timeFetches(
    `${app.stack.postgrestUrl}${path.slice('/rest/v1'.length)}`,
    auth,
    settings.requests,
  );

  const floorLabel = 'floor: the same markup from memory, request in → response out';
  const timeline: Figure[] = [
    spans(floorLabel, floorTotal, { detail: busy(floor.timed) }),
    spans('the signed-in page, request in → response out', pageTotal, {
      baseline: floorLabel,
      ratio: median(pageTotal) / median(floorTotal),
      detail: busy(page.timed),
    }),
    ...STEPS.map(([label, pick]) => spans(label, of(pick))),
    spans('the same data request from the bench process, through the gateway', throughGateway),
    spans('the same data request from the bench process, straight to PostgREST', direct),
  ];

  const pageHeap = attributeHeapProfile(page.heapProfile);
  const floorHeap = attributeHeapProfile(floor.heapProfile);
  const heapRows = (pick: (heap: typeof pageHeap) => [string, number][]) => {
    const perView = (heap: typeof pageHeap, report: ProbeReport) =>
      pick(heap).map(([name, bytes]) => [name, bytes / report.sampled] as const);
    return againstBaseline(perView(pageHeap, page), perView(floorHeap, floor));
  };
  const asKiB = (row: { name: string; app: number; floor: number }): Figure => ({
    label: row.name,
    unit: 'KiB',
    summary: single(row.app / 1024),
    detail: `floor ${kb(row.floor)}; ${row.app >= row.floor ? '+' : '−'}${kb(Math.abs(row.app - row.floor))}`,
  });
  const pageBytes = pageHeap.bytes / page.sampled;
  const floorBytes = floorHeap.bytes / floor.sampled;

  return {
    id: 'timeline',
    title: "Where the page's time goes, request by request, and what it allocates",
    tables: [
      { title: 'One page view inside next-server, one connection (milliseconds per request)', figures: timeline },
      {
        title: 'Bytes allocated per view, by the code that allocated them (sampling heap profile)',
        figures: [
          {
            label: 'floor page, all code',
            unit: 'KiB',
            summary: single(floorBytes / 1024),
          },
          {
            label: 'task page, signed in, all code',
            unit: 'KiB',
            summary: single(pageBytes / 1024),
            baseline: 'floor page, all code',
            ratio: pageBytes / floorBytes,
          },
          ...heapRows((heap) => heap.self).map(asKiB),
        ],
      },
      {
        title: "The page's 12 functions that allocate most over the floor's (per view)",
        figures: heapRows((heap) => heap.functions)
          .slice(0, 12)
          .map(asKiB),
      },
    ],
    notes: [
      `Each server: a \`next start\` of the build the figures above measured, with tools/bench/server-probe.ts loaded (\`--import\`); ${WARMUP} requests of warm-up, then ${settings.requests} timed, then ${settings.requests} under V8's sampling heap profiler (every 4 KiB, objects collected since included), one connection, sequential. Times are from Node's diagnostics channels (\`http.server.request.start\`/\`response.finish\`, undici's \`request:create\`/\`client:sendHeaders\`/\`request:trailers\`); busy is the event loop's active time within the request.`,
      `Steps 1–4 add up to the page's request in → response out. Step 2 is not waiting: React goes on rendering the layout while the request waits its turn on the thread. Step 3 against the same request from outside: the gateway's share is the difference between its two rows, PostgREST's and PostgreSQL's the rest.`,
      `The page allocates ${kb(pageBytes)} per view against the floor's ${kb(floorBytes)}: every allocation is work for the garbage collector, whose time the CPU section shows.`,
    ],
  };
}
