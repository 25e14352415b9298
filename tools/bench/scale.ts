// Page time by list size (pagination keeps the page at 50 rows; the counts must not grow with the
// list), bytes per task row, and throughput of one instance against two behind a round-robin balancer.
import type { Sql } from 'postgres';
import type { EmulatorSession } from '../../tests/support/clerk-emulator-client.ts';
import { startBalancer } from '../../tests/support/balancer.ts';
import { runLoad } from './load.ts';
import { cpuSecondsByProcess, cpuSpent } from './processes.ts';
import { pageRequest, type PartContext } from './page-and-action.ts';
import type { Figure, Section } from './report.ts';
import { sample } from './sampling.ts';
import { assertMeasured, median, ratioOf, summarize } from './stats.ts';

/** Processes by the part of the stack they are: each next-server apart, PostgreSQL's backends together. */
function groupByPart(spent: [string, number][]): Map<string, number> {
  const parts = new Map<string, number>();
  for (const [process, seconds] of spent) {
    const part = process.startsWith('next-server')
      ? `next-server (pid ${process.split(' ').at(-1)})`
      : process === 'self'
        ? 'the bench process: load generator, balancer, API gateway, Clerk emulator'
        : process.startsWith('postgres ')
          ? 'PostgreSQL'
          : process.startsWith('postgrest')
            ? 'PostgREST'
            : 'other';
    parts.set(part, (parts.get(part) ?? 0) + seconds);
  }
  return parts;
}

export const LIST_SIZES = [50, 200, 1000] as const;

export async function seedTasks(sql: Sql, userId: string, count: number): Promise<void> {
  await sql`
    insert into public.tasks (name, done, user_id, created_at)
    select 'seeded task ' || g, g % 4 = 0, ${userId}, now() - g * interval '1 minute'
    from generate_series(1, ${count}) as g`;
}

async function pageTime(url: string, session: EmulatorSession) {
  const values = await sample(
    async () => {
      const response = await fetch(url, { headers: { Cookie: session.cookie, Accept: 'text/html' } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`page answered ${response.status}`);
    },
    { warmup: 3, count: 40, budgetMs: 20_000 },
  );
  assertMeasured('page by list size', values);
  return summarize(values);
}

/** The signed-in list, not the signed-out home (which also answers 200): the load must measure the real page. */
async function expectSignedInPage(url: string, session: EmulatorSession): Promise<void> {
  const response = await fetch(url, { headers: { Cookie: session.cookie, Accept: 'text/html' } });
  const html = await response.text();
  if (response.status !== 200 || !html.includes('Your tasks'))
    throw new Error(`${url} answered ${response.status} without the signed-in task list`);
}

async function bytesOf(url: string, session: EmulatorSession, rsc: boolean): Promise<number> {
  const headers: Record<string, string> = { Cookie: session.cookie, Accept: rsc ? 'text/x-component' : 'text/html' };
  if (rsc) headers.RSC = '1';
  return (await (await fetch(url, { headers })).arrayBuffer()).byteLength;
}

export async function benchScale(
  ctx: PartContext,
  sessions: { size: number; session: EmulatorSession }[],
  empty: EmulatorSession,
  settings: { durationSeconds: number; connections: number; rounds: number },
): Promise<Section> {
  const { app, log } = ctx;
  const url = `${app.appUrl}/`;
  const bySize: Figure[] = [];
  for (const { size, session } of sessions) {
    log(`scale: one connection, ${size} tasks`);
    bySize.push({
      label: `task page, user with ${size} tasks (50 shown)`,
      unit: 'ms',
      summary: await pageTime(url, session),
    });
  }
  const base = bySize[0]!.summary;
  for (const figure of bySize)
    Object.assign(figure, { baseline: bySize[0]!.label, ratio: ratioOf(figure.summary, base) });

  // Per row: (a page of 50 rows − an empty page) / 50, for the document and for the RSC payload a
  // client navigation fetches.
  const full = sessions.find((s) => s.size >= 50)!.session;
  const perRow = async (rsc: boolean) => ((await bytesOf(url, full, rsc)) - (await bytesOf(url, empty, rsc))) / 50;
  const htmlRow = await perRow(false);
  const rscRow = await perRow(true);
  const bytes: Figure[] = [
    { label: 'HTML document (with its inline RSC payload) per task row', unit: 'B', summary: summarize([htmlRow]) },
    { label: 'RSC payload (client navigation) per task row', unit: 'B', summary: summarize([rscRow]) },
  ];

  log('scale: a second next start, and the balancer in front of one and of two');
  const second = await app.startAnotherServer({});
  const throughput: Figure[] = [];
  const coreUse: Figure[] = [];
  try {
    const reader = sessions.find((s) => s.size === 200)?.session ?? full;
    const results: Record<'one' | 'two', number[]> = { one: [], two: [] };
    const cores: Record<'one' | 'two', Map<string, number[]>> = { one: new Map(), two: new Map() };
    for (let round = 0; round < settings.rounds; round++) {
      for (const [name, backends] of [
        ['one', [app.appUrl]],
        ['two', [app.appUrl, second.url]],
      ] as const) {
        // The app's own Host upstream: the session token's azp is the app's origin, and the app
        // accepts a token only for the origin it is addressed as.
        const balancer = await startBalancer([...backends], {
          host: '127.0.0.1',
          publicHost: new URL(app.appUrl).host,
        });
        try {
          const request = { ...pageRequest(app, reader), url: `${balancer.url}/` };
          for (let i = 0; i < backends.length; i++) await expectSignedInPage(request.url, reader);
          const before = await cpuSecondsByProcess();
          const started = performance.now();
          const result = await runLoad(request, {
            connections: settings.connections,
            durationSeconds: settings.durationSeconds,
          });
          const seconds = (performance.now() - started) / 1000;
          results[name].push(result.requestsPerSecond);
          for (const [process, spent] of groupByPart(cpuSpent(before, await cpuSecondsByProcess()))) {
            cores[name].set(process, [...(cores[name].get(process) ?? []), spent / seconds]);
          }
        } finally {
          await balancer.close();
        }
      }
    }
    const one = summarize(results.one);
    throughput.push(
      { label: 'task page via the balancer, one next start', unit: 'req/s', summary: one },
      {
        label: 'task page via the balancer, two next start',
        unit: 'req/s',
        summary: summarize(results.two),
        baseline: 'one next start',
        ratio: ratioOf(summarize(results.two), one),
      },
    );
    for (const name of ['one', 'two'] as const) {
      for (const [part, values] of [...cores[name]].sort((a, b) => median(b[1]) - median(a[1]))) {
        coreUse.push({
          label: `${name === 'one' ? 'one instance' : 'two instances'}: ${part}`,
          unit: 'cores',
          summary: summarize(values),
        });
      }
    }
  } finally {
    await second.stop();
  }
  return {
    id: 'scale',
    title: 'List size, bytes per row, and scale-out',
    tables: [
      { title: 'One connection, page time by list size', figures: bySize },
      { title: 'Bytes per task row', figures: bytes },
      {
        title: `Throughput, ${settings.connections} connections, one instance or two behind a round-robin balancer`,
        figures: throughput,
      },
      { title: 'Where the two cores went during those runs (CPU seconds per second, by process)', figures: coreUse },
    ],
    notes: [
      'Each list size is its own user; the page always shows 50 rows, the counts come from an index-only scan of (user_id, org_id, done).',
      'Two instances share the same two cores as PostgREST, PostgreSQL, the balancer and the load generator: a second process can only use what the first leaves idle. Both instances are stateless (the template-token cache is per process: each instance fetches its own token once per session and token lifetime).',
    ],
  };
}
