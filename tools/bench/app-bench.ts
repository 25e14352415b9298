// The HTTP, Clerk-calls and memory sections share one app under test (the stack with the Clerk emulator, and the production build
// on `next start`), so the app is built once. The Clerk-calls section adds a second `next start` with the token
// cache off on the same build.
import type { Sql } from 'postgres';
import { connect } from '../db/db.ts';
import { startAppUnderTest, type AppUnderTest, type NextServer } from '../../tests/support/app-server.ts';
import { startBalancer } from '../../tests/support/balancer.ts';
import { benchClerkCalls } from './clerk-calls.ts';
import { benchCpuTime } from './cpu-time.ts';
import { ClerkEmulatorClient, clerkEnvOf } from '../../tests/support/clerk-emulator-client.ts';
import { benchMemory } from './memory.ts';
import { publicEnvOf, startFloorServer } from './floor-server.ts';
import { benchPageAndAction, type PartContext } from './page-and-action.ts';
import { benchRequestTimeline } from './request-timeline.ts';
import { benchScale, LIST_SIZES, seedTasks } from './scale.ts';
import type { Section } from './report.ts';
import { createThrowawayDatabase } from './throwaway-database.ts';

export interface AppSettings {
  /** The sections to run (BENCH_ONLY), all by default. */
  only: string[];
  rounds: number;
  durationSeconds: number;
  connections: number;
  pageViews: number;
  clerkRounds: number;
  memoryRequests: number;
  /** Page views per CPU profile (the app's page and the floor's). */
  cpuRequests: number;
  /** Page views timed, and as many under the allocation profiler (the app's page and the floor's). */
  timelineRequests: number;
}

const SECTION_TITLES = {
  http: 'HTTP — the app against bare PostgREST',
  clerk: 'Clerk Backend API calls per 100 page views of one session',
  memory: 'next-server memory (RSS)',
  scale: 'List size, bytes per row, and scale-out',
  cpu: "Where next-server's CPU goes per request (CPU profiles)",
  timeline: "Where the page's time goes, request by request, and what it allocates",
} as const;

export function skippedSections(reason: string, failed = false): Section[] {
  return Object.entries(SECTION_TITLES).map(([id, title]) => ({
    id,
    title,
    tables: [],
    notes: [],
    skipped: reason,
    ...(failed ? { failed } : {}),
  }));
}

async function seedReader(sql: Sql, userId: string): Promise<void> {
  // Other users' rows, so the table is not the reader's alone, then 200 tasks of the reader's.
  await sql.unsafe(`
    insert into public.tasks (name, done, user_id, created_at)
    select 'other task ' || g, g % 3 = 0, 'user_other_' || (g % 1000), now() - g * interval '1 second'
    from generate_series(1, 100000) as g`);
  await sql`
    insert into public.tasks (name, done, user_id, created_at)
    select 'seeded task ' || g, g % 4 = 0, ${userId}, now() - g * interval '1 minute'
    from generate_series(1, 200) as g`;
  await sql.unsafe('vacuum analyze public.tasks');
}

export async function benchApp(settings: AppSettings, log: (line: string) => void): Promise<Section[]> {
  const database = await createThrowawayDatabase();
  let app: AppUnderTest | undefined;
  try {
    log('app sections: starting the stack and building the app (next build)');
    // Session tokens that outlive the bench: the load generator cannot follow a handshake redirect.
    app = await startAppUnderTest({ stack: { databaseUrl: database.databaseUrl, sessionTokenLifetimeSeconds: 3600 } });
    return await runAppSections(app, settings, log);
  } catch (error) {
    log(`app sections failed: ${(error as Error).stack ?? String(error)}`);
    if (app) log(`app log tail:\n${app.appLog().slice(-3000)}`);
    return skippedSections(`failed: ${(error as Error).message.split('\n')[0]}`, true);
  } finally {
    await app?.stop();
    await database.drop();
  }
}

/** The HTTP, Clerk-calls and memory sections against a running app (its stack must include the Clerk emulator). */
export async function runAppSections(
  app: AppUnderTest,
  settings: AppSettings,
  log: (line: string) => void,
): Promise<Section[]> {
  const clerkEnv = clerkEnvOf(app.stack.env);
  if (!clerkEnv) return skippedSections('the stack started without the Clerk emulator');
  let second: NextServer | undefined;
  let twin: NextServer | undefined;
  let floor: NextServer | undefined;
  const sql = connect(app.stack.env.DATABASE_URL);
  try {
    const clerk = new ClerkEmulatorClient(clerkEnv);
    log('floor: building and starting tools/bench/floor');
    floor = await startFloorServer(publicEnvOf(app.stack.env));
    const ctx: PartContext = { app, clerk, sql, log, floorUrl: floor.url };

    const readerId = await clerk.createUser('bench-reader');
    const writerId = await clerk.createUser('bench-writer');
    await seedReader(sql, readerId);
    const reader = await clerk.signIn(readerId, app.appUrl);
    const writer = await clerk.signIn(writerId, app.appUrl);
    const sized: { size: number; session: typeof reader }[] = [];
    for (const size of LIST_SIZES) {
      const userId = await clerk.createUser(`bench-${size}`);
      await seedTasks(sql, userId, size);
      sized.push({ size, session: await clerk.signIn(userId, app.appUrl) });
    }
    await sql.unsafe('vacuum analyze public.tasks');

    // Each section on its own: one that breaks is reported as not measured, the others still count.
    const sections: Section[] = [];
    const section = async (id: keyof typeof SECTION_TITLES, measure: () => Promise<Section>) => {
      if (!settings.only.includes(id)) return;
      try {
        sections.push(await measure());
      } catch (error) {
        log(
          `${SECTION_TITLES[id]} failed: ${(error as Error).stack ?? String(error)}\napp log tail:\n${app.appLog().slice(-2000)}`,
        );
        sections.push({
          id,
          title: SECTION_TITLES[id],
          tables: [],
          notes: [],
          skipped: `failed: ${(error as Error).message.split('\n')[0]}`,
          failed: true,
        });
      }
    };
    await section('http', () => benchPageAndAction(ctx, settings, reader, writer));
    await section('cpu', () => benchCpuTime(ctx, { requests: settings.cpuRequests }, reader, writer));
    await section('timeline', () => benchRequestTimeline(ctx, { requests: settings.timelineRequests }, reader));
    await section('scale', () => benchScale(ctx, sized, writer, settings));
    await section('clerk', async () => {
      log('clerk calls: starting a second next start with CLERK_SUPABASE_TOKEN_CACHE=off');
      // The same build and stack, with only the cache changed.
      second = await app.startAnotherServer({ CLERK_SUPABASE_TOKEN_CACHE: 'off' });
      log('clerk calls: a second next start with the cache on, behind a round-robin balancer with the app');
      twin = await app.startAnotherServer({});
      // The app's session tokens are for the app's origin: other servers are addressed as the app.
      const front = (backends: string[]) =>
        startBalancer(backends, { host: '127.0.0.1', publicHost: new URL(app.appUrl).host });
      const cacheOff = await front([second.url]);
      const twoInstances = await front([app.appUrl, twin.url]);
      try {
        return await benchClerkCalls(
          ctx,
          { rounds: settings.clerkRounds, pageViews: settings.pageViews },
          readerId,
          cacheOff.url,
          twoInstances.url,
        );
      } finally {
        await Promise.all([cacheOff.close(), twoInstances.close()]);
        await Promise.all([second.stop(), twin.stop()]);
        second = twin = undefined;
      }
    });
    await section('memory', () =>
      benchMemory(
        ctx,
        { requests: settings.memoryRequests, connections: settings.connections, maxSeconds: 300 },
        reader,
      ),
    );
    return sections;
  } finally {
    await second?.stop();
    await twin?.stop();
    await floor?.stop();
    await sql.end();
  }
}
