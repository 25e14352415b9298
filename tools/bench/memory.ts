// next-server's resident memory before and after a burst of signed-in page views. Growth
// beyond noise after warm-up would point at a leak (e.g. a cache without bounds).
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorSession } from '../../tests/support/clerk-emulator-client.ts';
import { runLoad } from './load.ts';
import { pageRequest, type PartContext } from './page-and-action.ts';
import { listeningProcess, processName, rssMiB } from './processes.ts';
import type { Section } from './report.ts';
import { assertMeasured, ratioOf, summarize } from './stats.ts';

export interface MemorySettings {
  requests: number;
  connections: number;
  maxSeconds: number;
}

async function readings(pid: number, count: number, gapMs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(gapMs);
    out.push(await rssMiB(pid));
  }
  return out;
}

export async function benchMemory(
  ctx: PartContext,
  settings: MemorySettings,
  session: EmulatorSession,
): Promise<Section> {
  const rootPid = ctx.app.appPid();
  if (!rootPid) throw new Error('the app under test has no process id');
  const pid = await listeningProcess(rootPid, Number(new URL(ctx.app.appUrl).port));
  const name = await processName(pid);
  ctx.log(`memory: next-server is process ${pid} (${name}); ${settings.requests} page views`);

  const before = await readings(pid, 5, 200);
  let peak = Math.max(...before);
  const watcher = setInterval(
    () =>
      void rssMiB(pid)
        .then((rss) => (peak = Math.max(peak, rss)))
        .catch(() => {}),
    500,
  );
  // Two halves: growth in the first half can be warm-up, growth in the second as well would be a leak.
  const half = Math.ceil(settings.requests / 2);
  const burst = async () => {
    const load = await runLoad(pageRequest(ctx.app, session), {
      connections: settings.connections,
      amount: half,
      maxSeconds: settings.maxSeconds / 2,
    });
    // Let in-flight work finish and the young generation settle before reading.
    await sleep(3_000);
    return { load, rss: await readings(pid, 5, 200) };
  };
  let first, second;
  try {
    first = await burst();
    second = await burst();
  } finally {
    clearInterval(watcher);
  }
  const total = first.load.total + second.load.total;
  for (const [label, values] of [
    ['before', before],
    ['half', first.rss],
    ['after', second.rss],
  ] as const)
    assertMeasured(`RSS ${label}`, values);
  const beforeSummary = summarize(before);
  const halfSummary = summarize(first.rss);
  const afterSummary = summarize(second.rss);
  const rate = (first.load.requestsPerSecond + second.load.requestsPerSecond) / 2;
  return {
    id: 'memory',
    title: `next-server memory (RSS) around ${total.toLocaleString('en')} page views`,
    tables: [
      {
        title: 'VmRSS of the listening next-server process',
        figures: [
          { label: 'before (after warm-up by the HTTP and Clerk-calls sections)', unit: 'MiB', summary: beforeSummary },
          {
            label: `after ${first.load.total.toLocaleString('en')} signed-in page views`,
            unit: 'MiB',
            summary: halfSummary,
            baseline: 'before',
            ratio: ratioOf(halfSummary, beforeSummary),
          },
          {
            label: `after ${total.toLocaleString('en')} signed-in page views`,
            unit: 'MiB',
            summary: afterSummary,
            baseline: 'before',
            ratio: ratioOf(afterSummary, beforeSummary),
            detail: `second half: ${afterSummary.median - halfSummary.median >= 0 ? '+' : ''}${(afterSummary.median - halfSummary.median).toFixed(0)} MiB; peak ${peak.toFixed(0)} MiB; ${rate.toFixed(0)} req/s, ${first.load.failed + second.load.failed} failed`,
          },
        ],
      },
    ],
    notes: [
      `Readings: 5 × /proc/${'<pid>'}/status VmRSS, 200 ms apart, before, and 3 s after each of two bursts of ${half.toLocaleString('en')} requests (${settings.connections} connections, capped at ${settings.maxSeconds / 2} s each). \`next start\` forks: the process measured is the one holding the listening socket (${name}).`,
      'RSS includes V8 heap the garbage collector has not returned to the OS yet; a ratio near 1 after warm-up means no growth beyond noise, a steady climb across runs would mean a leak.',
    ],
  };
}
