// The parts of the local stack as services with the same shape, so the stack starts them in order,
// stops them in reverse and restarts one by name without knowing what each one is.
import { join } from 'node:path';
import type { JWK } from 'jose';
import { startClerkEmulator, type ClerkEmulator, type ClerkEmulatorOptions } from './clerk-emulator/index.ts';
import { StackError } from './errors.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { startEmbeddedPostgres, type PostgresServer } from './postgres.ts';
import { startPostgrest, type PostgrestServer } from './postgrest.ts';
import type { StackSecrets } from './secrets.ts';

export type ServiceName = 'postgres' | 'postgrest' | 'clerk';
export type LogSource = ServiceName | 'gateway';

/** Options of the Clerk emulator the stack starts (tools/local-stack/clerk-emulator); the stack supplies the rest. */
export type ClerkOptions = Omit<ClerkEmulatorOptions, 'dataDir' | 'supabaseJwtSecret' | 'onLog'>;

export interface Service {
  name: LogSource;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The child process, for services that run as one. */
  pid?(): number | undefined;
}

/** What every service gets from the stack. */
export interface ServiceContext {
  dataDir: string;
  secrets: StackSecrets;
  /** A log sink for one source: keeps the last lines and forwards them to the stack's onLog. */
  logTo(source: LogSource): (chunk: string) => void;
  logsOf(source: LogSource): string[];
  /** Reports a child's exit that the stack did not ask for. */
  watch(name: ServiceName, server: { onExit(listener: (description: string) => void): void }): void;
}

export function embeddedPostgresService(ctx: ServiceContext, port: number): Service & { url(): string } {
  const postgresDir = join(ctx.dataDir, 'postgres');
  let server: PostgresServer | undefined;
  return {
    name: 'postgres',
    async start() {
      try {
        server = await startEmbeddedPostgres({
          dataDir: postgresDir,
          port,
          password: ctx.secrets.postgresPassword,
          onLog: ctx.logTo('postgres'),
        });
      } catch (error) {
        throw new StackError(
          `PostgreSQL did not start in ${postgresDir} (${(error as Error).message}): see its last log lines below; if the data directory is damaged, delete it (its data is lost) or set DATABASE_URL to another PostgreSQL`,
          { logs: ctx.logsOf('postgres'), cause: error },
        );
      }
      ctx.watch('postgres', server);
    },
    stop: async () => server?.stop(),
    pid: () => server?.pid,
    url: () => server!.url,
  };
}

/** Restarting keeps the port and data folder, so the keys, users and sessions stay the same. */
export function clerkService(
  ctx: ServiceContext,
  options: ClerkOptions,
  port: number,
): Service & { emulator(): ClerkEmulator } {
  let emulator: ClerkEmulator | undefined;
  // Webhooks go to the app's route unless the caller says otherwise (null: none).
  const webhookUrl =
    options.webhookUrl === undefined
      ? new URL('/api/webhooks/clerk', options.appUrl ?? 'http://localhost:3000').href
      : options.webhookUrl;
  return {
    name: 'clerk',
    async start() {
      emulator = await startClerkEmulator({
        ...options,
        webhookUrl,
        port,
        dataDir: join(ctx.dataDir, 'clerk'),
        supabaseJwtSecret: ctx.secrets.jwtSecret,
        onLog: ctx.logTo('clerk'),
      });
    },
    stop: async () => emulator?.stop(),
    emulator: () => emulator!,
  };
}

export function postgrestService(
  ctx: ServiceContext,
  options: { dbUri: string; jwks: JWK[]; port: number; adminPort: number; binary: string },
): Service & { url(): string } {
  let server: PostgrestServer | undefined;
  return {
    name: 'postgrest',
    async start() {
      server = await startPostgrest({
        ...options,
        workDir: join(ctx.dataDir, 'postgrest'),
        onLog: ctx.logTo('postgrest'),
      });
      ctx.watch('postgrest', server);
    },
    stop: async () => server?.stop(),
    pid: () => server?.pid,
    url: () => server!.url,
  };
}

export function gatewayService(options: { port: number; postgrestUrl: string; apiKeys: string[] }): Service & {
  url(): string;
} {
  let gateway: Gateway | undefined;
  return {
    name: 'gateway',
    async start() {
      gateway = await startGateway(options);
    },
    stop: async () => gateway?.stop(),
    url: () => gateway!.url,
  };
}
