// One app for the whole security suite (next build writes the shared .next, so never two at once):
// the local stack with fresh data on an embedded PostgreSQL (the outage tests stop it), `next start`,
// and a loopback control endpoint through which test files stop and start services.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../tools/project-root.ts';
import type { ServiceName } from '../../tools/local-stack/stack.ts';
import { startAppUnderTest, type AppUnderTest, type NextServer } from '../support/app-server.ts';
import type { SecurityContext } from '../support/security-context.ts';
import { writeReport } from '../support/security-report.ts';

const SERVICES: ServiceName[] = ['postgres', 'postgrest', 'clerk'];

function startControlServer(app: AppUnderTest, servers: NextServer[]): Promise<Server> {
  const server = createServer((req, res) => {
    const [, verb, name, action] = (req.url ?? '').split('/');
    const reply = (status: number, body: string) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
    if (req.method === 'GET' && verb === 'app-log') return reply(200, app.appLog());
    // Another `next start` of the same build with some server env changed (misconfiguration cases):
    // POST /server with a JSON object of env changes answers its URL and index; GET /server/<i>/log.
    if (verb === 'server') return controlServer(req, res, app, servers, name, action);
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

function controlServer(
  req: IncomingMessage,
  res: ServerResponse,
  app: AppUnderTest,
  servers: NextServer[],
  index: string | undefined,
  action: string | undefined,
): void {
  const reply = (status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
  };
  const fail = (error: unknown) => reply(500, error instanceof Error ? error.message : String(error));
  if (req.method === 'GET' && action === 'log') return reply(200, servers[Number(index)]?.log() ?? '');
  if (req.method !== 'POST' || index) return reply(404, 'unknown control request');
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    app
      .startAnotherServer(JSON.parse(body) as Record<string, string>)
      .then((started) => reply(200, JSON.stringify({ url: started.url, index: servers.push(started) - 1 })), fail);
  });
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
  const servers: NextServer[] = [];
  try {
    control = await startControlServer(app, servers);
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
    await Promise.all(servers.map((server) => server.stop()));
    await app.stop();
    const totals = await writeReport(casesFile, join(resultsDir, 'security-report.md'));
    console.log(
      `security report: test-results/security-report.md (${totals.total} cases, ${totals.leaks} leaks, ${totals.failures} other failures)`,
    );
  };
}
