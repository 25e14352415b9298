// One app for the whole security suite (next build writes the shared .next, so never two at once):
// the local stack with fresh data on an embedded PostgreSQL (the outage tests stop it), `next start`,
// and a loopback control endpoint through which test files stop and start services.
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../project-root.ts';
import type { ServiceName } from '../local-stack/stack.ts';
import { startAppUnderTest, type AppUnderTest } from '../test-support/app-server.ts';
import type { SecurityContext } from './support/context.ts';
import { writeReport } from './support/report.ts';

const SERVICES: ServiceName[] = ['postgres', 'postgrest', 'clerk'];

function startControlServer(app: AppUnderTest): Promise<Server> {
  const server = createServer((req, res) => {
    const [, verb, name] = (req.url ?? '').split('/');
    const reply = (status: number, body: string) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
    if (req.method === 'GET' && verb === 'app-log') return reply(200, app.appLog());
    const service = SERVICES.find((s) => s === name);
    if (req.method !== 'POST' || !service || (verb !== 'stop' && verb !== 'start'))
      return reply(404, 'unknown control request');
    const run = verb === 'stop' ? app.stack.stopService(service) : app.stack.startService(service);
    run.then(
      () => reply(200, `${verb} ${service}: done`),
      (error: unknown) =>
        reply(500, `${verb} ${service} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export default async function setup(project: TestProject) {
  const resultsDir = join(projectRoot, 'test-results');
  await mkdir(resultsDir, { recursive: true });
  const casesFile = join(resultsDir, 'security-cases.jsonl');
  await writeFile(casesFile, '');

  const app = await startAppUnderTest({
    // Embedded even when DATABASE_URL is set (CI): the outage tests must be able to stop PostgreSQL.
    // Hour-long session tokens: the load tests send cookies without a browser to refresh them.
    stack: { databaseUrl: null, sessionTokenLifetimeSeconds: 3600 },
  });
  let control: Server | undefined;
  try {
    control = await startControlServer(app);
    const address = control.address();
    if (!address || typeof address === 'string') throw new Error('control server has no port');
    const instance = JSON.parse(await readFile(join(app.stack.dataDir, 'clerk', 'instance.json'), 'utf8')) as {
      kid: string;
      privateKeyPem: string;
    };
    const env = app.stack.env;
    const context: SecurityContext = {
      appUrl: app.appUrl,
      supabaseUrl: env.SUPABASE_URL,
      anonKey: env.SUPABASE_ANON_KEY,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
      jwtSecret: env.SUPABASE_JWT_SECRET,
      databaseUrl: env.DATABASE_URL,
      clerkApiUrl: env.CLERK_API_URL!,
      clerkSecretKey: env.CLERK_SECRET_KEY!,
      clerkEmulatorUrl: env.CLERK_EMULATOR_URL!,
      clerkPrivateKeyPem: instance.privateKeyPem,
      clerkKid: instance.kid,
      clerkIssuer: `https://${new URL(env.CLERK_API_URL!).host}`,
      controlUrl: `http://127.0.0.1:${address.port}`,
      casesFile,
    };
    project.provide('security', context);
  } catch (error) {
    control?.close();
    await app.stop();
    throw error;
  }

  return async () => {
    await new Promise<void>((resolve) => control!.close(() => resolve()));
    await app.stop();
    const totals = await writeReport(casesFile, join(resultsDir, 'security-report.md'));
    console.log(
      `security report: test-results/security-report.md (${totals.total} cases, ${totals.leaks} leaks, ${totals.failures} other failures)`,
    );
  };
}
