// Loaded into a bench's `next start` (NODE_OPTIONS=--import) when BENCH_PROBE_OUT names a file. The load
// is one connection, sequential, so each outgoing fetch belongs to the request being served. After
// BENCH_PROBE_WARMUP requests it times BENCH_PROBE_TIMED requests (when each began, sent its data
// request, had the answer, and finished, and how long the thread was busy), then takes a sampling
// allocation profile of BENCH_PROBE_SAMPLED more, and writes both to the file.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { HeapProfile } from './cpu-profile.ts';

/** Milliseconds on performance.now()'s clock. */
export interface FetchTimes {
  /** The request's path and query, e.g. /rest/v1/rpc/task_page?… */
  path: string;
  created: number;
  sent?: number;
  read?: number;
}
export interface RequestTimes {
  began: number;
  finished: number;
  /** Time the thread ran code during the request (event-loop utilization's active time). */
  busy: number;
  fetches: FetchTimes[];
}
export interface ProbeReport {
  timed: RequestTimes[];
  sampled: number;
  /** A V8 sampling heap profile (HeapProfiler.stopSampling), collected objects included. */
  heapProfile: HeapProfile;
}

const out = process.env.BENCH_PROBE_OUT;
if (out) install(out);

function install(file: string) {
  const warmup = Number(process.env.BENCH_PROBE_WARMUP ?? 50);
  const timed = Number(process.env.BENCH_PROBE_TIMED ?? 200);
  const sampled = Number(process.env.BENCH_PROBE_SAMPLED ?? 200);
  const rows: RequestTimes[] = [];
  const fetches = new WeakMap<object, FetchTimes>();
  const session = new Session();
  let current: { row: RequestTimes; elu: EventLoopUtilization } | undefined;
  let finished = 0;

  subscribe('http.server.request.start', () => {
    const row: RequestTimes = { began: performance.now(), finished: 0, busy: 0, fetches: [] };
    current = { row, elu: performance.eventLoopUtilization() };
  });
  subscribe('http.server.response.finish', () => {
    if (!current) return;
    const { row, elu } = current;
    current = undefined;
    row.finished = performance.now();
    row.busy = performance.eventLoopUtilization(elu).active;
    finished += 1;
    if (finished > warmup && finished <= warmup + timed) rows.push(row);
    if (finished === warmup + timed) void startSampling();
    if (finished === warmup + timed + sampled) void stopSampling();
  });
  const at = (key: 'sent' | 'read') => (message: unknown) => {
    const times = fetches.get((message as { request: object }).request);
    if (times) times[key] = performance.now();
  };
  subscribe('undici:request:create', (message) => {
    if (!current) return;
    const { request } = message as { request: { path: string } };
    const times: FetchTimes = { path: request.path, created: performance.now() };
    current.row.fetches.push(times);
    fetches.set(request, times);
  });
  subscribe('undici:client:sendHeaders', at('sent'));
  subscribe('undici:request:trailers', at('read'));

  async function startSampling() {
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  async function stopSampling() {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    const report: ProbeReport = { timed: rows, sampled, heapProfile: profile };
    writeFileSync(file, JSON.stringify(report));
  }
}
