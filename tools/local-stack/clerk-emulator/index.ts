// Local Clerk emulator: the Backend and Frontend APIs the real @clerk/* SDKs call, hosted sign-in pages
// and the clerk-js bundles, so the app runs against the real SDKs with no internet.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { JWK } from 'jose';
import { handleBackendApi } from './backend-api.ts';
import type { EmulatorContext } from './context.ts';
import { Counters } from './counters.ts';
import { corsHeaders, handleFrontendApi } from './frontend-api.ts';
import { FlowState } from './frontend-flows.ts';
import { handleHostedPages } from './hosted-pages.ts';
import { sendErrors } from './http-util.ts';
import { cookieSuffixFor, loadOrCreateIdentity, publishableKeyFor } from './instance.ts';
import { handleStaticBundle, servedBundleVersions } from './static-bundles.ts';
import { Store } from './store.ts';
import { loadOrCreateTls } from './tls.ts';
import { defaultSupabaseTemplate } from './tokens.ts';
import { WebhookSender } from './webhooks.ts';

export interface ClerkEmulatorOptions {
  dataDir: string;
  port?: number;
  supabaseJwtSecret: string;
  appUrl?: string;
  sessionTokenLifetimeSeconds?: number;
  templateTokenLifetimeSeconds?: number;
  /** Adds `role: "authenticated"` to session tokens (Supabase third-party auth). Also on with env CLERK_SUPABASE_AUTH=native. */
  nativeSupabaseRole?: boolean;
  /**
   * Where Svix-signed webhooks (user.deleted) are POSTed, e.g. `${appUrl}/api/webhooks/clerk`.
   * Default: env CLERK_EMULATOR_WEBHOOK_URL; unset or null: none are sent (still recorded).
   */
  webhookUrl?: string | null;
  /** Signing secret (`whsec_...`); default: generated once and kept in instance.json. */
  webhookSecret?: string;
  /** Waits before each webhook retry (default 0.5 s, 2 s, 5 s). */
  webhookRetryDelaysMs?: number[];
  onLog?: (line: string) => void;
}

export interface ClerkEmulator {
  url: string;
  env: Record<string, string>;
  publicJwk: JWK;
  stop(): Promise<void>;
}

export const DEFAULT_CLERK_EMULATOR_PORT = 4010;

/** The app's origin plus its localhost / 127.0.0.1 twin: browsers treat them as different sites. */
function appOriginsOf(appUrl: URL): Set<string> {
  const origins = new Set([appUrl.origin]);
  const twin = new URL(appUrl.origin);
  if (twin.hostname === 'localhost') twin.hostname = '127.0.0.1';
  else if (twin.hostname === '127.0.0.1') twin.hostname = 'localhost';
  origins.add(twin.origin);
  return origins;
}

function listen(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** TLS connections start with a handshake record (content type 22); anything else is plain HTTP. */
const TLS_HANDSHAKE = 0x16;

export async function startClerkEmulator(options: ClerkEmulatorOptions): Promise<ClerkEmulator> {
  if (options.supabaseJwtSecret.length < 32) throw new Error('supabaseJwtSecret must be at least 32 characters');
  const port = options.port ?? DEFAULT_CLERK_EMULATOR_PORT;
  const appUrl = new URL(options.appUrl ?? 'http://localhost:3000');
  const log = options.onLog ?? (() => {});
  const [identity, store] = await Promise.all([loadOrCreateIdentity(options.dataDir), Store.open(options.dataDir)]);
  const frontendApiHost = `127.0.0.1:${port}`;
  const webhookSecret = options.webhookSecret ?? identity.webhookSecret;
  const webhooks = new WebhookSender({
    endpoint: options.webhookUrl === undefined ? process.env.CLERK_EMULATOR_WEBHOOK_URL || null : options.webhookUrl,
    secret: webhookSecret,
    instanceId: identity.kid,
    retryDelaysMs: options.webhookRetryDelaysMs,
    log,
  });
  const publishableKey = publishableKeyFor(frontendApiHost);
  const ctx: EmulatorContext = {
    store,
    identity,
    tokens: {
      identity,
      issuer: `https://${frontendApiHost}`,
      sessionTokenLifetimeSeconds: options.sessionTokenLifetimeSeconds ?? 60,
      templateTokenLifetimeSeconds: options.templateTokenLifetimeSeconds ?? 60,
      supabaseJwtSecret: options.supabaseJwtSecret,
      nativeSupabaseRole: options.nativeSupabaseRole ?? process.env.CLERK_SUPABASE_AUTH === 'native',
      findTemplate: (name) => store.findJwtTemplateByName(name),
      activeOrganization: (session, organizationId) => {
        const active = store.activeOrganizationOf(session, organizationId);
        if (!active) return undefined;
        const { organization, membership } = active;
        return { id: organization.id, slug: organization.slug, name: organization.name, role: membership.role };
      },
    },
    publishableKey,
    cookieSuffix: cookieSuffixFor(publishableKey),
    apiOrigin: `http://${frontendApiHost}`,
    browserOrigin: `http://localhost:${port}`,
    appUrl,
    appOrigins: appOriginsOf(appUrl),
    counters: new Counters(),
    handshakeNonces: new Map(),
    webhooks,
    flows: new FlowState(),
    log,
  };

  if (!store.templatesInitialised) {
    store.createJwtTemplate(defaultSupabaseTemplate(ctx.tokens));
    await store.save();
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', ctx.apiOrigin);
    try {
      if (await handleStaticBundle(req, res, url)) return;
      if (url.pathname.startsWith('/v1/')) {
        if (await handleBackendApi(ctx, req, res, url)) return;
        if (await handleFrontendApi(ctx, req, res, url)) return;
      }
      if (await handleHostedPages(ctx, req, res, url)) return;
      sendErrors(
        res,
        404,
        {
          code: 'resource_not_found',
          message: 'not found',
          long_message: `Nothing at ${req.method ?? 'GET'} ${url.pathname}`,
        },
        corsHeaders(ctx, req),
      );
    } catch (error) {
      log(`error on ${req.method ?? 'GET'} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        sendErrors(res, 500, { code: 'internal_clerk_error', message: 'Oops, an unexpected error occurred' });
      else res.destroy();
    }
  };

  // http and https on the same port: SDKs derive https://<proxy host> from the http proxy URL (the default
  // clerk-js URL, and @clerk/backend 1.x's handshake), so the TLS endpoint must share the proxy's host:port.
  const tls = await loadOrCreateTls(options.dataDir);
  const httpServer = createServer((req, res) => void handle(req, res));
  const httpsServer = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => void handle(req, res));
  // The http/https servers never listen themselves, so they track no connections: stop() ends these.
  const sockets = new Set<Socket>();
  const dispatch = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset before or after dispatch must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? httpsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  };

  // Browsers reach the emulator as "localhost", which may resolve to ::1 first: listen on both loopbacks.
  const servers: NetServer[] = [];
  const v4 = createNetServer(dispatch);
  await listen(v4, port, '127.0.0.1');
  servers.push(v4);
  const v6 = createNetServer(dispatch);
  try {
    await listen(v6, port, '::1');
    servers.push(v6);
  } catch {
    log('IPv6 loopback unavailable; listening on 127.0.0.1 only');
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [nonce, entry] of ctx.handshakeNonces) if (entry.expiresAt < now) ctx.handshakeNonces.delete(nonce);
  }, 30_000);
  sweep.unref();

  const env: Record<string, string> = {
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
    CLERK_SECRET_KEY: identity.secretKey,
    CLERK_API_URL: ctx.apiOrigin,
    CLERK_JWT_KEY: identity.publicKeyPem.trim(),
    NEXT_PUBLIC_CLERK_PROXY_URL: ctx.browserOrigin,
    NEXT_PUBLIC_CLERK_SIGN_IN_URL: `${ctx.browserOrigin}/sign-in`,
    NEXT_PUBLIC_CLERK_SIGN_UP_URL: `${ctx.browserOrigin}/sign-up`,
    // No NEXT_PUBLIC_CLERK_JS_URL / _UI_URL: each SDK builds https://<proxy host>/npm/@clerk/clerk-js@<its major>/...
    // and the emulator serves every major it has (see static-bundles.ts) over TLS on this port.
    NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: '1',
    CLERK_WEBHOOK_SIGNING_SECRET: webhookSecret,
    CLERK_EMULATOR_URL: ctx.apiOrigin,
    // The local CA behind https://localhost:PORT: trust it in browsers (or ignore certificate errors in tests).
    CLERK_EMULATOR_CA_CERT: tls.caCertFile,
  };
  const bundles = servedBundleVersions();
  log(
    `Clerk emulator listening on ${ctx.apiOrigin} (browser: ${ctx.browserOrigin}; https too, CA ${tls.caCertFile}); ` +
      `serves clerk-js ${bundles['clerk-js'].join(', ')} and @clerk/ui ${bundles.ui.join(', ')}`,
  );

  let stopped: Promise<void> | undefined;
  return {
    url: ctx.apiOrigin,
    env,
    publicJwk: identity.publicJwk,
    stop() {
      stopped ??= (async () => {
        clearInterval(sweep);
        const closing = Promise.all(servers.map(close));
        for (const socket of sockets) socket.destroy();
        await closing;
        await webhooks.stop();
        await store.flush();
      })();
      return stopped;
    },
  };
}
