// Where next-server's CPU goes per page view, as evidence for the page's ratios: the signed-in page and
// the floor page, each served by a `next start` of its own build run with --cpu-prof, the same number of
// sequential requests, and only the samples taken while those requests ran (bench/cpu-profile.ts names
// the code that spent them).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NextServer } from '../test-support/app-server.ts';
import type { EmulatorSession } from '../test-support/clerk-emulator-client.ts';
import { attributeProfile, monotonicMicros, type Attribution } from './cpu-profile.ts';
import { publicEnvOf, startBuiltFloorServer } from './floor-server.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { pageRequest, type PartContext } from './page-and-action.ts';
import type { Figure, Section } from './report.ts';
import { round } from './stats.ts';

export interface CpuTimeSettings {
  requests: number;
}

interface Profiled extends Attribution {
  requests: number;
}

export async function profiled(
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

const perView = (ms: number, run: Profiled) => ms / run.requests;
const single = (value: number) => ({ min: value, median: value, max: value, n: 1 });
const fmt = (ms: number) => `${round(ms, 2)} ms`;

export async function benchCpuTime(
  ctx: PartContext,
  settings: CpuTimeSettings,
  reader: EmulatorSession,
): Promise<Section> {
  const { app, log } = ctx;
  // The app's session tokens name its origin: a second server is addressed as the app.
  const appHost = new URL(app.appUrl).host;
  log(`cpu: profiling the signed-in page, ${settings.requests} requests`);
  const page = await profiled(
    (env) => app.startAnotherServer(env),
    (url) => {
      const request = pageRequest(app, reader);
      return { ...request, url: `${url}/`, headers: { ...request.headers, Host: appHost } };
    },
    settings.requests,
  );
  log(`cpu: profiling the floor page, ${settings.requests} requests`);
  const floor = await profiled(
    (env) => startBuiltFloorServer({ ...publicEnvOf(app.stack.env), ...env }),
    (url) => ({ url: `${url}/`, headers: { Accept: 'text/html' } }),
    settings.requests,
  );

  const pageBusy = perView(page.busyMs, page);
  const floorBusy = perView(floor.busyMs, floor);
  const floorSelf = new Map(floor.self);
  const categories = [...new Set([...page.self.map(([name]) => name), ...floorSelf.keys()])];
  const pageSelf = new Map(page.self);
  const byCategory: Figure[] = categories
    .map((name) => ({
      name,
      app: perView(pageSelf.get(name) ?? 0, page),
      floor: perView(floorSelf.get(name) ?? 0, floor),
    }))
    .filter((row) => row.app >= 0.005 || row.floor >= 0.005)
    .sort((a, b) => b.app - b.floor - (a.app - a.floor))
    .map((row) => ({
      label: row.name,
      unit: 'ms',
      summary: single(row.app),
      detail: `floor ${fmt(row.floor)}; the page spends ${row.app >= row.floor ? '+' : '−'}${fmt(Math.abs(row.app - row.floor))}`,
    }));
  const phases: Figure[] = page.phases.map(([phase, ms]) => ({
    label: phase,
    unit: 'ms',
    summary: single(perView(ms, page)),
    detail: `${round((ms / page.busyMs) * 100, 1)}% of the page's CPU`,
  }));

  const extra = pageBusy - floorBusy;
  const share = (names: RegExp) =>
    categories
      .filter((category) => names.test(category))
      .reduce(
        (sum, category) =>
          sum + perView(pageSelf.get(category) ?? 0, page) - perView(floorSelf.get(category) ?? 0, floor),
        0,
      );
  const parts = [
    ['Clerk (SDK and request-data encryption)', share(/^Clerk/)],
    ['the data request (supabase-js, fetch)', share(/^(supabase-js|fetch)/)],
    ['Next.js (the proxy machinery, routing)', share(/^Next\.js$/)],
    ['React', share(/^React$/)],
    ['Node.js core, V8 and garbage collection', share(/^(Node\.js core|V8|garbage)/)],
  ] as const;

  return {
    id: 'cpu',
    title: "Where next-server's CPU goes per page view (CPU profiles)",
    tables: [
      {
        title: 'CPU per page view, busy time of the next-server thread',
        figures: [
          {
            label: 'floor page (the same markup from memory, no middleware, no auth, no data)',
            unit: 'ms',
            summary: single(floorBusy),
          },
          {
            label: 'task page, signed in',
            unit: 'ms',
            summary: single(pageBusy),
            baseline: 'floor page (the same markup from memory, no middleware, no auth, no data)',
            ratio: pageBusy / floorBusy,
          },
        ],
      },
      {
        title: "The page's CPU per view by the code that spent it (self time), largest difference first",
        figures: byCategory,
      },
      { title: "Parts of the page's request (inclusive time: a frame of the part on the stack)", figures: phases },
    ],
    notes: [
      `Profiles of ${page.requests} signed-in page views and ${floor.requests} floor page views, one connection, sequential, after a 50-request warm-up; each server is a \`next start\` of the same build as the figures above, run with \`--cpu-prof\`. Built chunks are mapped to their sources through the build's source maps. Profiling slows both servers alike.`,
      `The page costs ${fmt(pageBusy)} of CPU per view against the floor's ${fmt(floorBusy)}: ${fmt(extra)} more, ${round(pageBusy / floorBusy, 2)}×. Of the difference: ${parts
        .map(([part, ms]) => `${part} ${fmt(ms)}`)
        .join(', ')}.`,
      `next-server renders on one thread, so CPU per view bounds throughput: at most ${Math.round(1000 / pageBusy)} page views per second against the floor's ${Math.round(1000 / floorBusy)} (profiled), a ceiling of ${round(floorBusy / pageBusy, 2)}× the floor's throughput before PostgREST, PostgreSQL and the gateway take their share of the second core.`,
      'One connection waits, besides this CPU, for the data request: the gateway, PostgREST and PostgreSQL answer it in another process, and the page cannot render its list before the answer.',
    ],
  };
}
