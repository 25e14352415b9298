// The local Supabase stack, offline and with real parts only: PostgreSQL (embedded or DATABASE_URL),
// the real PostgREST binary, and a gateway on :54321 that serves it at /rest/v1/ like Supabase's.
// One programmatic API for the CLI (`npm run stack`), tests, e2e and benchmarks.
import { chmod, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { connect, migrate, prepareSupabaseDatabase } from '../db/db.ts';
import { projectRoot } from '../project-root.ts';
import { DEFAULT_CLERK_EMULATOR_PORT } from './clerk-emulator/index.ts';
import { writeEnvFile } from './env-file.ts';
import { StackError } from './errors.ts';
import { LogBuffer } from './log-buffer.ts';
import { freePort, portInUse } from './ports.ts';
import { checkPostgrestBinary, defaultPostgrestBinary } from './postgrest.ts';
import { deriveApiKeys, hs256Jwk, loadOrCreateSecrets, type StackSecrets } from './secrets.ts';
import {
  clerkService,
  embeddedPostgresService,
  gatewayService,
  postgrestService,
  type ClerkOptions,
  type LogSource,
  type Service,
  type ServiceContext,
  type ServiceName,
} from './services.ts';

export const DEFAULT_GATEWAY_PORT = 54321;
export const DEFAULT_POSTGRES_PORT = 54322;

export type { ClerkOptions, LogSource, ServiceName };

export interface StackOptions {
  /** Secrets, embedded PostgreSQL data, PostgREST config and stack.env. Default `<project>/.data`. */
  dataDir?: string;
  /**
   * Use this PostgreSQL instead of an embedded one. Default: process.env.DATABASE_URL, if set.
   * `null`: always the embedded one, even when DATABASE_URL is set.
   */
  databaseUrl?: string | null;
  /** Default 54321, Supabase's local API port. */
  gatewayPort?: number;
  /** Port of the embedded PostgreSQL. Default 54322, Supabase's local database port. */
  postgresPort?: number;
  /** The Clerk emulator (default port 4010): on by default; `false` skips it. */
  clerk?: boolean | ClerkOptions;
  /** Public keys PostgREST also accepts JWTs from (besides the HS256 secret). */
  extraJwks?: JWK[];
  /** Every log line of every child, tagged with its source. */
  onLog?: (source: LogSource, line: string) => void;
  /** Override the PostgREST binary (default: defaultPostgrestBinary()). */
  postgrestBinary?: string;
}

export interface StackExit {
  /** 'stopped': stop() was called. 'failed': a child died; `error` says which, with its last log lines. */
  reason: 'stopped' | 'failed';
  error?: StackError;
}

/** What a client needs; the Clerk emulator adds its own entries. */
export interface StackEnv extends Record<string, string> {
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
  DATABASE_URL: string;
}

export interface Stack {
  env: StackEnv;
  /** `<dataDir>/stack.env`, the same env as a dotenv file. */
  envFile: string;
  dataDir: string;
  secrets: StackSecrets;
  /** The PostgREST server behind the gateway (tests can reach it directly). */
  postgrestUrl: string;
  /** Settles when the stack has stopped, by stop() or because a child died. */
  exited: Promise<StackExit>;
  stop(): Promise<void>;
  /**
   * Simulate an outage: stop one service and leave the others running. Embedded PostgreSQL only;
   * 'clerk' stops the whole emulator (Backend and Frontend API) and restarts it on the same port and data.
   */
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  /** The last log lines of a child. */
  logs(source: LogSource): string[];
  /** Process ids of the children the stack runs (an external PostgreSQL has none). */
  pids(): Partial<Record<ServiceName, number>>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = resolve(options.dataDir ?? join(projectRoot, '.data'));
  const externalUrl =
    options.databaseUrl === null ? undefined : (options.databaseUrl ?? (process.env.DATABASE_URL || undefined));
  const gatewayPort = options.gatewayPort ?? DEFAULT_GATEWAY_PORT;
  const postgresPort = options.postgresPort ?? DEFAULT_POSTGRES_PORT;
  const clerkOptions =
    options.clerk === false ? undefined : options.clerk === true || options.clerk === undefined ? {} : options.clerk;
  const binary = options.postgrestBinary ?? defaultPostgrestBinary();

  const clerkPort = clerkOptions?.port ?? DEFAULT_CLERK_EMULATOR_PORT;
  // Checks that need nothing started come first: a failure here leaves nothing to clean up.
  await checkBeforeStart({
    gatewayPort,
    postgresPort: externalUrl ? undefined : postgresPort,
    clerkPort: clerkOptions ? clerkPort : undefined,
    binary,
  });
  await mkdir(dataDir, { recursive: true });
  // Embedded PostgreSQL runs as the `postgres` user when we are root: it must be able to enter dataDir.
  if (!externalUrl && process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const secrets = await loadOrCreateSecrets(dataDir);
  const keys = await deriveApiKeys(secrets);

  const { logTo, logsOf } = logSinks(options.onLog);

  // The running services in start order; outages stop and start them by name.
  const services: Service[] = [];
  const notManaged: Partial<Record<ServiceName, string>> = {
    ...(externalUrl ? { postgres: 'the stack does not manage the PostgreSQL at DATABASE_URL' } : {}),
    ...(clerkOptions ? {} : { clerk: 'the stack was started without the Clerk emulator' }),
  };
  const expectedExit = new Set<ServiceName>();
  let stopping = false;
  let settleExit: (exit: StackExit) => void = () => {};
  const exited = new Promise<StackExit>((resolveExit) => (settleExit = resolveExit));

  const stopAll = async () => {
    stopping = true;
    // Reverse start order: the gateway stops taking requests first, PostgreSQL goes last.
    for (const service of [...services].reverse()) await service.stop().catch(() => {});
  };

  const ctx: ServiceContext = {
    dataDir,
    secrets,
    logsOf,
    logTo,
    watch(name, server) {
      server.onExit((description) => {
        if (stopping || expectedExit.has(name)) return;
        const logs = logsOf(name);
        const shown = logs.length > 0 ? 'its last log lines are below' : 'it printed no log lines';
        const error = new StackError(`${name} ${description} unexpectedly, so the stack stopped; ${shown}`, { logs });
        void stopAll().then(() => settleExit({ reason: 'failed', error }));
      });
    },
  };
  const launch = async <S extends Service>(service: S): Promise<S> => {
    await service.start();
    services.push(service);
    return service;
  };
  const managed = (verb: string, name: ServiceName): Service => {
    const service = services.find((candidate) => candidate.name === name);
    if (!service) throw new Error(`${verb}("${name}"): ${notManaged[name] ?? 'no such service'}`);
    return service;
  };

  let env: StackEnv;
  let postgrestUrl: string;
  try {
    const adminUrl = externalUrl ?? (await launch(embeddedPostgresService(ctx, postgresPort))).url();
    await prepareDatabase(adminUrl, secrets, externalUrl ? 'DATABASE_URL' : join(dataDir, 'postgres'));

    const jwks: JWK[] = [hs256Jwk(secrets.jwtSecret), ...(options.extraJwks ?? [])];
    const clerk = clerkOptions ? (await launch(clerkService(ctx, clerkOptions, clerkPort))).emulator() : undefined;
    // Before PostgREST starts: it reads the JWKS once, and the emulator's RSA key belongs in it (native auth).
    if (clerk) jwks.push(clerk.publicJwk);

    const postgrest = await launch(
      postgrestService(ctx, {
        dbUri: withCredentials(adminUrl, 'authenticator', secrets.authenticatorPassword),
        jwks,
        port: await freePort(),
        adminPort: await freePort(),
        binary,
      }),
    );
    postgrestUrl = postgrest.url();
    const gateway = await launch(
      gatewayService({ port: gatewayPort, postgrestUrl, apiKeys: [keys.anonKey, keys.serviceRoleKey] }),
    );

    env = {
      SUPABASE_URL: gateway.url(),
      SUPABASE_ANON_KEY: keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
      SUPABASE_JWT_SECRET: secrets.jwtSecret,
      DATABASE_URL: adminUrl,
      ...clerk?.env,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }

  const envFile = join(dataDir, 'stack.env');
  await writeEnvFile(
    envFile,
    env,
    `Written by \`npm run stack\` at ${new Date().toISOString()}. Local keys only: not for production.`,
  );

  return {
    env,
    envFile,
    dataDir,
    secrets,
    postgrestUrl,
    exited,
    async stop() {
      if (stopping) {
        await exited;
        return;
      }
      await stopAll();
      settleExit({ reason: 'stopped' });
    },
    async stopService(name) {
      const service = managed('stopService', name);
      expectedExit.add(name);
      await service.stop();
    },
    async startService(name) {
      await managed('startService', name).start();
      expectedExit.delete(name);
    },
    logs: logsOf,
    pids: () => Object.fromEntries(services.flatMap((service) => (service.pid ? [[service.name, service.pid()]] : []))),
  };
}

/** The last lines of each source's log, each line also passed to `onLog`. */
function logSinks(onLog: StackOptions['onLog']) {
  const buffers = new Map<LogSource, LogBuffer>();
  return {
    logsOf: (source: LogSource) => buffers.get(source)?.tail() ?? [],
    logTo(source: LogSource) {
      const buffer = buffers.get(source) ?? new LogBuffer();
      buffers.set(source, buffer);
      return (chunk: string) => {
        buffer.push(`${chunk}\n`);
        if (onLog) for (const line of chunk.split(/\r?\n/)) if (line.trim()) onLog(source, line);
      };
    },
  };
}

/** The ports the stack will listen on are free and the PostgREST binary is the expected one. */
async function checkBeforeStart(plan: {
  gatewayPort: number;
  postgresPort?: number;
  clerkPort?: number;
  binary: string;
}) {
  await assertPortFree(plan.gatewayPort, 'gateway', 'gatewayPort / --gateway-port');
  if (plan.postgresPort !== undefined)
    await assertPortFree(plan.postgresPort, 'embedded PostgreSQL', 'postgresPort / --postgres-port');
  if (plan.clerkPort !== undefined)
    await assertPortFree(
      plan.clerkPort,
      'Clerk emulator',
      'clerk: { port } / --clerk-port, or skip it with --no-clerk',
    );
  await checkPostgrestBinary(plan.binary);
}

async function assertPortFree(port: number, what: string, option: string): Promise<void> {
  if (await portInUse(port)) {
    throw new StackError(
      `port ${port} (${what}) is already in use: stop what listens there (\`ss -ltnp 'sport = :${port}'\`; another \`npm run stack\`?) or pick another port with ${option}`,
    );
  }
}

/** Roles, migrations (no-ops when applied) and the authenticator's login password. */
async function prepareDatabase(adminUrl: string, secrets: StackSecrets, where: string): Promise<void> {
  const target = redact(adminUrl);
  try {
    await prepareSupabaseDatabase(adminUrl);
  } catch (error) {
    const pg = error as { code?: string; message?: string };
    if (pg.code === '28P01' && where !== 'DATABASE_URL') {
      throw new StackError(
        `the embedded PostgreSQL in ${where} rejects the password in secrets.json: restore the secrets.json it was created with, or delete ${where} (its data is lost)`,
        { cause: error },
      );
    }
    throw new StackError(
      `cannot prepare the database at ${target} (${pg.code ? `${pg.code} ` : ''}${pg.message ?? String(error)}): check that it runs and that the URL is right`,
      { cause: error },
    );
  }
  try {
    await migrate(adminUrl);
  } catch (error) {
    throw new StackError(`migrating ${target} failed: ${(error as Error).message.split('\n')[0]}`, {
      logs: (error as Error).message.split('\n').slice(1),
      cause: error,
    });
  }
  await setAuthenticatorPassword(adminUrl, secrets.authenticatorPassword);
}

/**
 * PostgREST logs in as `authenticator` with the stack's generated password. The role is
 * cluster-wide, so the password is only (re)set when logging in with it fails: a server with
 * trust auth is left alone, and stacks sharing one server do not keep changing it.
 */
async function setAuthenticatorPassword(adminUrl: string, password: string): Promise<void> {
  const probe = connect(withCredentials(adminUrl, 'authenticator', password), { connect_timeout: 10 });
  try {
    await probe`select 1`;
    return;
  } catch {
    // Falls through: set the password.
  } finally {
    await probe.end();
  }
  // Generated passwords are base64url, safe inside a SQL literal; DDL takes no bind parameters.
  if (!/^[\w-]+$/.test(password)) throw new StackError('authenticatorPassword in secrets.json must be base64url text');
  const sql = connect(adminUrl);
  try {
    await sql.unsafe(`alter role authenticator with login password '${password}'`);
  } finally {
    await sql.end();
  }
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
