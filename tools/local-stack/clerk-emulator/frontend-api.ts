// Clerk Frontend API (FAPI) over plain http, reached through the SDK's proxyUrl: the handshake that
// refreshes the app's cookies on document requests, and what clerk-js needs to load and stay signed in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { clientUatDirectives, signedInDirectives, signedOutDirectives } from './app-cookies.ts';
import { CLIENT_COOKIE, allowedAppUrl, appCookieContext, type EmulatorContext } from './context.ts';
import { environmentJson } from './environment.ts';
import {
  FormError,
  attemptFirstFactor,
  attemptSignUpVerification,
  createSignIn,
  currentSignIn,
  currentSignUp,
  prepareFirstFactor,
  prepareSignUpVerification,
  signInJson,
  signInOf,
  signUpJson,
  signUpOf,
  upsertSignUp,
  type SignUpFields,
} from './frontend-flows.ts';
import { parseCookies, readParams, redirect, sendErrors, sendJson, stringParam } from './http-util.ts';
import { frontendClientJson, frontendSessionJson, userJson, type FrontendClient } from './resources.ts';
import type { ClientRecord, SessionRecord } from './store.ts';
import { mintHandshakeToken, mintSessionToken, mintTemplateToken } from './tokens.ts';

const NONCE_TTL_MS = 60_000;

/** CORS for clerk-js: echo an allowed Origin with credentials (it fetches with credentials: 'include'). */
export function corsHeaders(ctx: EmulatorContext, req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !(ctx.appOrigins.has(origin) || origin === ctx.browserOrigin || origin === ctx.apiOrigin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type, Authorization',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

export function clientFromRequest(ctx: EmulatorContext, req: IncomingMessage): ClientRecord | undefined {
  return ctx.store.getClientByCookie(parseCookies(req.headers.cookie).get(CLIENT_COOKIE));
}

/** The `__client_uat` value for this client: when its signed-in state last changed, `0` when signed out. */
export function clientUatValue(ctx: EmulatorContext, client: ClientRecord | undefined): string {
  return client && ctx.store.activeSessionOf(client) ? String(Math.floor(client.updatedAt / 1000)) : '0';
}

/**
 * Adds `__client_uat` Set-Cookie lines for the app's site, as Clerk's Frontend API does on sign-in, sign-out and
 * session changes: older SDKs (@clerk/backend 1.x) see a session only with it. Only when the browser reaches the
 * emulator on the app's hostname (cookies ignore ports) and, given `before`, only when the value changed.
 */
export function withClientUat(
  ctx: EmulatorContext,
  req: IncomingMessage,
  headers: Record<string, string | string[]>,
  client: ClientRecord | undefined,
  before?: string,
): Record<string, string | string[]> {
  const value = clientUatValue(ctx, client);
  if (before !== undefined && value === before) return headers;
  let hostname: string;
  try {
    hostname = new URL(`http://${req.headers.host ?? ''}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return headers;
  }
  const appOrigin = [...ctx.appOrigins].map((origin) => new URL(origin)).find((app) => app.hostname === hostname);
  if (!appOrigin) return headers;
  const existing = headers['Set-Cookie'];
  return {
    ...headers,
    'Set-Cookie': [
      ...(existing === undefined ? [] : [existing].flat()),
      ...clientUatDirectives(appCookieContext(ctx, appOrigin), value),
    ],
  };
}

/** The azp claim: the page's origin when it is the app, else the configured app URL. */
function authorizedParty(ctx: EmulatorContext, req: IncomingMessage): string {
  const origin = req.headers.origin;
  return origin && ctx.appOrigins.has(origin) ? origin : ctx.appUrl.origin;
}

async function clientJson(
  ctx: EmulatorContext,
  req: IncomingMessage,
  client: ClientRecord | undefined,
): Promise<FrontendClient | null> {
  const session = ctx.store.activeSessionOf(client);
  const user = session ? ctx.store.getUser(session.userId) : undefined;
  const sessions =
    session && user
      ? [frontendSessionJson(session, user, await mintSessionToken(ctx.tokens, session, authorizedParty(ctx, req)))]
      : [];
  const signIn = currentSignIn(ctx, client);
  const signUp = currentSignUp(ctx, client);
  return frontendClientJson(client, sessions, {
    signIn: signIn ? signInJson(ctx, signIn) : null,
    signUp: signUp ? signUpJson(signUp) : null,
  });
}

const CLIENT_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** The browser's client, created (with its cookie) when a sign-in or sign-up starts without one. */
function ensureClient(
  ctx: EmulatorContext,
  client: ClientRecord | undefined,
  headers: Record<string, string | string[]>,
): ClientRecord {
  if (client) return client;
  const created = ctx.store.createClient();
  // Same site as the app on localhost (ports do not matter), so clerk-js's credentialed fetches carry it.
  headers['Set-Cookie'] =
    `${CLIENT_COOKIE}=${created.cookieToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${CLIENT_COOKIE_MAX_AGE}`;
  return created;
}

function signUpFields(params: Record<string, unknown>): SignUpFields {
  const fields: SignUpFields = {};
  for (const key of ['email_address', 'password', 'first_name', 'last_name'] as const) {
    const value = stringParam(params, key);
    if (value !== undefined) fields[key] = value;
  }
  const unsafe = stringParam(params, 'unsafe_metadata');
  if (unsafe) {
    try {
      const parsed: unknown = JSON.parse(unsafe);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        fields.unsafe_metadata = parsed as Record<string, unknown>;
    } catch {
      // ignored: clerk-js sends JSON here; anything else is not metadata
    }
  }
  return fields;
}

/** Sign-in / sign-up routes; false when the path is none of them. */
async function handleAuthFlows(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
  existing: ClientRecord | undefined,
  cors: Record<string, string>,
): Promise<boolean> {
  const count = (name: string) => ctx.counters.count('frontend', name);
  const headers: Record<string, string | string[]> = { ...cors };
  const uatBefore = clientUatValue(ctx, existing);
  const reply = async (client: ClientRecord, response: unknown) => {
    await ctx.store.save();
    // A completed sign-in or sign-up activates a session: the app's __client_uat moves with it.
    sendJson(res, 200, await envelope(ctx, req, client, response), withClientUat(ctx, req, headers, client, uatBefore));
  };
  let m: RegExpExecArray | null;
  try {
    if (path === '/v1/client/sign_ins' && method === 'POST') {
      count('POST /v1/client/sign_ins');
      const params = await readParams(req);
      const client = ensureClient(ctx, existing, headers);
      const attempt = await createSignIn(ctx, client, {
        identifier: stringParam(params, 'identifier'),
        strategy: stringParam(params, 'strategy'),
        password: stringParam(params, 'password'),
      });
      await reply(client, signInJson(ctx, attempt));
      return true;
    }
    if ((m = /^\/v1\/client\/sign_ins\/([^/]+)(?:\/(prepare_first_factor|attempt_first_factor))?$/.exec(path))) {
      const action = m[2];
      count(`${method} /v1/client/sign_ins/:id${action ? `/${action}` : ''}`);
      const attempt = signInOf(ctx, existing, m[1] ?? '');
      const client = existing as ClientRecord;
      const params = method === 'GET' ? {} : await readParams(req);
      if (action === 'prepare_first_factor') prepareFirstFactor(ctx, attempt, stringParam(params, 'strategy'));
      if (action === 'attempt_first_factor')
        await attemptFirstFactor(ctx, client, attempt, {
          strategy: stringParam(params, 'strategy'),
          password: stringParam(params, 'password'),
          code: stringParam(params, 'code'),
        });
      await reply(client, signInJson(ctx, attempt));
      return true;
    }
    if (path === '/v1/client/sign_ups' && method === 'POST') {
      count('POST /v1/client/sign_ups');
      const params = await readParams(req);
      const client = ensureClient(ctx, existing, headers);
      const attempt = await upsertSignUp(ctx, client, undefined, signUpFields(params));
      await reply(client, signUpJson(attempt));
      return true;
    }
    if ((m = /^\/v1\/client\/sign_ups\/([^/]+)(?:\/(prepare_verification|attempt_verification))?$/.exec(path))) {
      const action = m[2];
      count(`${method} /v1/client/sign_ups/:id${action ? `/${action}` : ''}`);
      const attempt = signUpOf(ctx, existing, m[1] ?? '');
      const client = existing as ClientRecord;
      const params = method === 'GET' ? {} : await readParams(req);
      if (!action && method === 'PATCH') await upsertSignUp(ctx, client, attempt, signUpFields(params));
      if (action === 'prepare_verification') prepareSignUpVerification(ctx, attempt, stringParam(params, 'strategy'));
      if (action === 'attempt_verification')
        await attemptSignUpVerification(ctx, client, attempt, {
          strategy: stringParam(params, 'strategy'),
          code: stringParam(params, 'code'),
        });
      await reply(client, signUpJson(attempt));
      return true;
    }
  } catch (error) {
    if (!(error instanceof FormError)) throw error;
    sendErrors(
      res,
      error.status,
      {
        code: error.code,
        message: error.message,
        long_message: error.longMessage,
        meta: error.paramName ? { param_name: error.paramName } : {},
      },
      headers,
    );
    return true;
  }
  return false;
}

async function envelope(
  ctx: EmulatorContext,
  req: IncomingMessage,
  client: ClientRecord | undefined,
  response: unknown,
): Promise<Record<string, unknown>> {
  return { response, client: await clientJson(ctx, req, client) };
}

/** The app-cookie directives for this browser right now: signed in with a fresh token, or signed out. */
export async function handshakeDirectives(
  ctx: EmulatorContext,
  client: ClientRecord | undefined,
  target: URL,
): Promise<string[]> {
  const cookieCtx = appCookieContext(ctx, target);
  const session = ctx.store.activeSessionOf(client);
  if (!client || !session) return signedOutDirectives(cookieCtx);
  const jwt = await mintSessionToken(ctx.tokens, session, target.origin);
  // __client_uat must not be later than the token's iat, else the SDK handshakes again.
  return signedInDirectives(cookieCtx, jwt, Math.floor(client.updatedAt / 1000));
}

/** 307 back to the app carrying the directives, as a nonce (format=nonce, what the SDK asks for) or a signed JWT. */
export async function redirectThroughHandshakeResult(
  ctx: EmulatorContext,
  res: ServerResponse,
  target: URL,
  directives: string[],
  format: string | null,
): Promise<void> {
  const back = new URL(target);
  if (format === 'nonce') {
    const nonce = randomBytes(24).toString('base64url');
    ctx.handshakeNonces.set(nonce, { directives, expiresAt: Date.now() + NONCE_TTL_MS });
    back.searchParams.set('__clerk_handshake_nonce', nonce);
  } else {
    back.searchParams.set('__clerk_handshake', await mintHandshakeToken(ctx.tokens, directives));
  }
  redirect(res, 307, back.href);
}

function sessionOfClient(
  ctx: EmulatorContext,
  client: ClientRecord | undefined,
  sid: string | undefined,
): SessionRecord | undefined {
  if (!client || !sid || !client.sessionIds.includes(sid)) return undefined;
  const session = ctx.store.getSession(sid);
  return session?.status === 'active' ? session : undefined;
}

function signedOutError(res: ServerResponse, cors: Record<string, string>): void {
  // clerk-js treats 401 from the token endpoint as "signed out" and clears its state.
  sendErrors(
    res,
    401,
    {
      code: 'signed_out',
      message: 'Signed out',
      long_message: 'This session has ended or does not belong to this client.',
    },
    cors,
  );
}

/** Handles FAPI routes; returns false when the path is not one. */
export async function handleFrontendApi(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith('/v1/')) return false;
  const cors = corsHeaders(ctx, req);
  // clerk-js sends every non-GET as POST with `_method=<verb>`.
  const method = (url.searchParams.get('_method') ?? req.method ?? 'GET').toUpperCase();
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return true;
  }
  const path = url.pathname;
  const client = clientFromRequest(ctx, req);
  let m: RegExpExecArray | null;
  const count = (name: string) => ctx.counters.count('frontend', name);

  if (path === '/v1/client/handshake') {
    count('GET /v1/client/handshake');
    const target = allowedAppUrl(ctx, url.searchParams.get('redirect_url'));
    if (!target) {
      sendErrors(res, 400, {
        code: 'invalid_redirect_url',
        message: 'redirect_url is missing or not on the app origin',
      });
      return true;
    }
    // organizationSyncOptions: the URL names an organization (id or slug; '' = personal account). It becomes
    // the session's active one only when the user is a member; otherwise the session stays as it was.
    const organizationId = url.searchParams.get('organization_id');
    const session = ctx.store.activeSessionOf(client);
    if (organizationId !== null && session && ctx.store.setActiveOrganization(session, organizationId))
      await ctx.store.save();
    await redirectThroughHandshakeResult(
      ctx,
      res,
      target,
      await handshakeDirectives(ctx, client, target),
      url.searchParams.get('format'),
    );
    return true;
  }
  if (path === '/v1/environment') {
    count(`${method} /v1/environment`);
    sendJson(res, 200, environmentJson(ctx), cors);
    return true;
  }
  if (await handleAuthFlows(ctx, req, res, path, method, client, cors)) return true;
  if (path === '/v1/me' && method === 'GET') {
    count('GET /v1/me');
    const session = ctx.store.activeSessionOf(client);
    const user = session ? ctx.store.getUser(session.userId) : undefined;
    if (!user) {
      signedOutError(res, cors);
      return true;
    }
    const { private_metadata: _private, ...me } = userJson(user, { includePrivate: false });
    void _private;
    sendJson(res, 200, await envelope(ctx, req, client, me), withClientUat(ctx, req, cors, client));
    return true;
  }
  if (path === '/v1/client') {
    count(`${method} /v1/client`);
    const uatBefore = clientUatValue(ctx, client);
    if (method === 'DELETE' && client) await ctx.store.endActiveSession(client);
    const json = await clientJson(ctx, req, client);
    sendJson(res, 200, { response: json, client: json }, withClientUat(ctx, req, cors, client, uatBefore));
    return true;
  }
  if (path === '/v1/client/sessions' && method === 'DELETE') {
    count('DELETE /v1/client/sessions');
    const uatBefore = clientUatValue(ctx, client);
    await ctx.store.endActiveSession(client);
    const json = await clientJson(ctx, req, client);
    sendJson(res, 200, { response: json, client: json }, withClientUat(ctx, req, cors, client, uatBefore));
    return true;
  }
  if ((m = /^\/v1\/client\/sessions\/([^/]+)\/tokens(?:\/([^/]+))?$/.exec(path))) {
    count(m[2] ? 'POST /v1/client/sessions/:id/tokens/:template' : 'POST /v1/client/sessions/:id/tokens');
    const session = sessionOfClient(ctx, client, m[1]);
    const user = session ? ctx.store.getUser(session.userId) : undefined;
    if (!session || !user) {
      signedOutError(res, cors);
      return true;
    }
    if (m[2]) {
      const jwt = await mintTemplateToken(ctx.tokens, m[2], session, user);
      if (!jwt)
        sendErrors(
          res,
          404,
          {
            code: 'resource_not_found',
            message: 'not found',
            long_message: `No JWT template exists with name: ${m[2]}`,
          },
          cors,
        );
      else sendJson(res, 200, { object: 'token', jwt }, cors);
      return true;
    }
    // clerk-js asks for each tab's token with that tab's organization (`organization_id`, empty for the
    // personal account): Clerk mints it for that organization without changing the session's active one.
    const requested = (await readParams(req)).organization_id;
    const organizationId = typeof requested === 'string' ? requested || null : undefined;
    sendJson(
      res,
      200,
      { object: 'token', jwt: await mintSessionToken(ctx.tokens, session, authorizedParty(ctx, req), organizationId) },
      cors,
    );
    return true;
  }
  if ((m = /^\/v1\/client\/sessions\/([^/]+)\/(touch|remove|end)$/.exec(path))) {
    count(`POST /v1/client/sessions/:id/${m[2]}`);
    const session = sessionOfClient(ctx, client, m[1]);
    const user = session ? ctx.store.getUser(session.userId) : undefined;
    if (!session || !user) {
      signedOutError(res, cors);
      return true;
    }
    const uatBefore = clientUatValue(ctx, client);
    if (m[2] === 'touch') {
      session.lastActiveAt = Date.now();
      user.lastActiveAt = session.lastActiveAt;
      // clerk-js's setActive() and its touches send the tab's organization: it becomes the active one
      // (for a member; empty for the personal account), as on Clerk, and later tokens carry it.
      const active = (await readParams(req)).active_organization_id;
      if (typeof active === 'string') ctx.store.setActiveOrganization(session, active);
    } else {
      ctx.store.setSessionStatus(session, m[2] === 'remove' ? 'removed' : 'ended');
    }
    await ctx.store.save();
    const jwt =
      session.status === 'active' ? await mintSessionToken(ctx.tokens, session, authorizedParty(ctx, req)) : null;
    sendJson(
      res,
      200,
      await envelope(ctx, req, client, frontendSessionJson(session, user, jwt)),
      withClientUat(ctx, req, cors, client, uatBefore),
    );
    return true;
  }
  count(`${method} ${path} (unsupported)`);
  ctx.log(`frontend API: unsupported ${method} ${path}`);
  sendErrors(
    res,
    404,
    {
      code: 'resource_not_found',
      message: 'not found',
      long_message: `The Clerk emulator does not implement ${method} ${path}.`,
    },
    cors,
  );
  return true;
}
