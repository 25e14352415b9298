// Clerk Backend API (BAPI): what @clerk/backend and @clerk/nextjs call with the secret key.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { JwtTemplateJSON } from '@clerk/backend';
import { decodeJwt, importPKCS8, jwtVerify } from 'jose';
import { allowedAppUrl, appCookieContext, deleteUserAndNotify, type EmulatorContext } from './context.ts';
import { readParams, sendErrors, sendJson, stringListParam, stringParam } from './http-util.ts';
import { hashPassword } from './passwords.ts';
import { sessionJson, userJson } from './resources.ts';
import type { JwtTemplateInput, JwtTemplateRecord, SessionRecord, UserRecord } from './store.ts';
import { mintSessionToken, mintTemplateToken, TEMPLATE_ALGORITHMS } from './tokens.ts';
import { signedInDirectives } from './app-cookies.ts';
import { organizationRoutes } from './organizations.ts';
import { notFound, objectParam, type Route } from './backend-routes.ts';

function unprocessable(res: ServerResponse, code: string, message: string, longMessage = message): void {
  sendErrors(res, 422, { code, message, long_message: longMessage });
}

function secretKeyMatches(ctx: EmulatorContext, header: string | undefined): boolean {
  const expected = Buffer.from(`Bearer ${ctx.identity.secretKey}`);
  const actual = Buffer.from(header ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function findUser(ctx: EmulatorContext, res: ServerResponse, id: string | undefined): UserRecord | undefined {
  const user = id ? ctx.store.getUser(id) : undefined;
  if (!user) notFound(res, `No user was found with id ${id ?? ''}`);
  return user;
}

function findSession(ctx: EmulatorContext, res: ServerResponse, id: string | undefined): SessionRecord | undefined {
  const session = id ? ctx.store.getSession(id) : undefined;
  if (!session) notFound(res, `No session was found with id ${id ?? ''}`);
  return session;
}

/** Tokens can only be minted for active sessions; Clerk answers 401 for the others. */
function requireActive(res: ServerResponse, session: SessionRecord): boolean {
  if (session.status === 'active') return true;
  sendErrors(res, 401, {
    code: 'session_not_active',
    message: 'Session is not active',
    long_message: `Session ${session.id} is ${session.status}.`,
  });
  return false;
}

const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/jwks$/,
    name: 'GET /v1/jwks',
    handler: async (ctx, _req, res) => sendJson(res, 200, { keys: [ctx.identity.publicJwk] }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/sessions$/,
    name: 'GET /v1/sessions',
    handler: async (ctx, _req, res, _p, url) => {
      const sessions = ctx.store.listSessions({
        userId: url.searchParams.get('user_id') ?? undefined,
        clientId: url.searchParams.get('client_id') ?? undefined,
        status: url.searchParams.get('status') ?? undefined,
      });
      // The spec documents a bare array, but @clerk/backend always asks for `paginated=true` and reads
      // `{ data, total_count }`, as Clerk answers then.
      if (url.searchParams.get('paginated') === 'true') {
        const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
        const limit = Number(url.searchParams.get('limit') ?? 10) || 10;
        const page = sessions.slice(offset, offset + limit).map(sessionJson);
        sendJson(res, 200, { data: page, total_count: sessions.length });
        return;
      }
      sendJson(res, 200, sessions.map(sessionJson));
    },
  },
  {
    // Clerk offers this for testing instances only; it lets tests make a session without a browser.
    method: 'POST',
    pattern: /^\/v1\/sessions$/,
    name: 'POST /v1/sessions',
    handler: async (ctx, req, res) => {
      const params = await readParams(req);
      const user = findUser(ctx, res, stringParam(params, 'user_id'));
      if (!user) return;
      // Checked before the session exists: the organization must be one the user is a member of.
      const organizationId = stringParam(params, 'active_organization_id');
      const organization = organizationId ? ctx.store.getOrganization(organizationId) : undefined;
      if (organizationId && (!organization || !ctx.store.getMembership(organization.id, user.id)))
        return unprocessable(
          res,
          'form_param_value_invalid',
          'active_organization_id is not an organization of this user',
        );
      const session = ctx.store.createSession(user, ctx.store.createClient());
      if (organization) ctx.store.setActiveOrganization(session, organization.id);
      await ctx.store.save();
      sendJson(res, 200, sessionJson(session));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/sessions\/([^/]+)$/,
    name: 'GET /v1/sessions/:id',
    handler: async (ctx, _req, res, [sid]) => {
      const session = findSession(ctx, res, sid);
      if (session) sendJson(res, 200, sessionJson(session));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/sessions\/([^/]+)\/revoke$/,
    name: 'POST /v1/sessions/:id/revoke',
    handler: async (ctx, _req, res, [sid]) => {
      const session = findSession(ctx, res, sid);
      if (!session) return;
      if (session.status === 'active') ctx.store.setSessionStatus(session, 'revoked');
      await ctx.store.save();
      sendJson(res, 200, sessionJson(session));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/sessions\/([^/]+)\/tokens$/,
    name: 'POST /v1/sessions/:id/tokens',
    handler: async (ctx, _req, res, [sid]) => {
      const session = findSession(ctx, res, sid);
      if (!session || !requireActive(res, session)) return;
      sendJson(res, 200, { object: 'token', jwt: await mintSessionToken(ctx.tokens, session, ctx.appUrl.origin) });
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/sessions\/([^/]+)\/tokens\/([^/]+)$/,
    name: 'POST /v1/sessions/:id/tokens/:template',
    handler: async (ctx, req, res, [sid, template]) => {
      const params = await readParams(req);
      const session = findSession(ctx, res, sid);
      if (!session) return;
      const user = ctx.store.getUser(session.userId);
      if (!ctx.store.findJwtTemplateByName(template ?? ''))
        return notFound(res, `No JWT template exists with name: ${template ?? ''}`);
      const expiresIn = params.expires_in_seconds;
      if (expiresIn !== undefined && expiresIn !== null && !integerIn(expiresIn, 30, 315_360_000))
        return unprocessable(res, 'form_param_value_invalid', 'expires_in_seconds must be between 30 and 315360000');
      if (!requireActive(res, session) || !user) return;
      const jwt = await mintTemplateToken(
        ctx.tokens,
        template!,
        session,
        user,
        (expiresIn as number | null) ?? undefined,
      );
      sendJson(res, 200, { object: 'token', jwt });
    },
  },
  ...jwtTemplateRoutes(),
  ...organizationRoutes(),
  {
    // Used by the SDK only when a `__refresh_<suffix>` cookie exists (the emulator never sets one); kept for completeness.
    method: 'POST',
    pattern: /^\/v1\/sessions\/([^/]+)\/refresh$/,
    name: 'POST /v1/sessions/:id/refresh',
    handler: async (ctx, req, res, [sid]) => {
      const params = await readParams(req);
      const session = findSession(ctx, res, sid);
      if (!session || !requireActive(res, session)) return;
      const expired = stringParam(params, 'expired_token');
      if (!expired)
        return sendErrors(res, 400, {
          code: 'form_param_missing',
          message: 'is missing',
          long_message: 'expired_token must be included.',
          meta: { param_name: 'expired_token' },
        });
      try {
        await jwtVerify(expired, ctx.identity.publicKey, {
          issuer: ctx.tokens.issuer,
          clockTolerance: 365 * 24 * 3600,
        });
        if (decodeJwt(expired).sid !== session.id) throw new Error('sid mismatch');
      } catch {
        return sendErrors(res, 401, {
          code: 'token_invalid',
          message: 'Invalid token',
          long_message: 'The expired token is not a session token of this session.',
        });
      }
      const target = allowedAppUrl(ctx, stringParam(params, 'request_origin')) ?? ctx.appUrl;
      const jwt = await mintSessionToken(ctx.tokens, session, target.origin);
      const clientUat = Math.floor((ctx.store.getClient(session.clientId)?.updatedAt ?? session.createdAt) / 1000);
      sendJson(res, 200, {
        object: 'cookies',
        cookies: signedInDirectives(appCookieContext(ctx, target), jwt, clientUat),
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/clients\/handshake_payload$/,
    name: 'GET /v1/clients/handshake_payload',
    handler: async (ctx, _req, res, _p, url) => {
      const nonce = url.searchParams.get('nonce') ?? '';
      const entry = ctx.handshakeNonces.get(nonce);
      if (!entry || entry.expiresAt < Date.now()) return notFound(res, 'Handshake nonce not found or expired');
      sendJson(res, 200, { directives: entry.directives });
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/users$/,
    name: 'GET /v1/users',
    handler: async (ctx, _req, res, _p, url) => {
      sendJson(
        res,
        200,
        filterUsers(ctx, url).map((u) => userJson(u, { includePrivate: true })),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/users\/count$/,
    name: 'GET /v1/users/count',
    handler: async (ctx, _req, res, _p, url) =>
      sendJson(res, 200, { object: 'total_count', total_count: filterUsers(ctx, url, false).length }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/users$/,
    name: 'POST /v1/users',
    handler: async (ctx, req, res) => {
      const params = await readParams(req);
      const email = stringListParam(params, 'email_address')[0];
      if (!email || !email.includes('@'))
        return unprocessable(
          res,
          'form_param_missing',
          'email_address is required',
          'Enter an email address (the emulator requires one per user).',
        );
      if (ctx.store.findUserByEmail(email))
        return unprocessable(res, 'form_identifier_exists', 'That email address is taken. Please try another.');
      const password = stringParam(params, 'password');
      if (password !== undefined && password.length < 8)
        return unprocessable(res, 'form_password_length_too_short', 'Passwords must be 8 characters or more.');
      const user = ctx.store.createUser({
        email,
        passwordHash: password ? await hashPassword(password) : null,
        firstName: stringParam(params, 'first_name') ?? null,
        lastName: stringParam(params, 'last_name') ?? null,
        username: stringParam(params, 'username') ?? null,
        externalId: stringParam(params, 'external_id') ?? null,
        publicMetadata: objectParam(params, 'public_metadata'),
        privateMetadata: objectParam(params, 'private_metadata'),
        unsafeMetadata: objectParam(params, 'unsafe_metadata'),
      });
      await ctx.store.save();
      sendJson(res, 200, userJson(user, { includePrivate: true }));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/users\/([^/]+)$/,
    name: 'GET /v1/users/:id',
    handler: async (ctx, _req, res, [id]) => {
      const user = findUser(ctx, res, id);
      if (user) sendJson(res, 200, userJson(user, { includePrivate: true }));
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/v1\/users\/([^/]+)$/,
    name: 'PATCH /v1/users/:id',
    handler: async (ctx, req, res, [id]) => {
      const params = await readParams(req);
      const user = findUser(ctx, res, id);
      if (!user) return;
      const password = stringParam(params, 'password');
      if (password !== undefined) {
        if (password.length < 8)
          return unprocessable(res, 'form_password_length_too_short', 'Passwords must be 8 characters or more.');
        user.passwordHash = await hashPassword(password);
      }
      if ('first_name' in params) user.firstName = stringParam(params, 'first_name') ?? null;
      if ('last_name' in params) user.lastName = stringParam(params, 'last_name') ?? null;
      if ('username' in params) user.username = stringParam(params, 'username') ?? null;
      if ('external_id' in params) user.externalId = stringParam(params, 'external_id') ?? null;
      user.publicMetadata = objectParam(params, 'public_metadata') ?? user.publicMetadata;
      user.privateMetadata = objectParam(params, 'private_metadata') ?? user.privateMetadata;
      user.unsafeMetadata = objectParam(params, 'unsafe_metadata') ?? user.unsafeMetadata;
      user.updatedAt = Date.now();
      await ctx.store.save();
      sendJson(res, 200, userJson(user, { includePrivate: true }));
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/v1\/users\/([^/]+)$/,
    name: 'DELETE /v1/users/:id',
    handler: async (ctx, _req, res, [id]) => {
      const user = findUser(ctx, res, id);
      if (!user) return;
      await deleteUserAndNotify(ctx, user.id);
      sendJson(res, 200, { object: 'user', id: user.id, deleted: true });
    },
  },
];

function jwtTemplateJson(template: JwtTemplateRecord): JwtTemplateJSON {
  return {
    object: 'jwt_template',
    id: template.id,
    name: template.name,
    claims: template.claims,
    lifetime: template.lifetime,
    allowed_clock_skew: template.allowedClockSkew,
    custom_signing_key: template.customSigningKey,
    signing_algorithm: template.signingAlgorithm,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Validates a create or update body the way the spec describes it (name and claims required, bounded
 * lifetime and skew, a key and algorithm with custom_signing_key); answers 422 and returns undefined if invalid.
 */
async function templateInput(
  ctx: EmulatorContext,
  res: ServerResponse,
  params: Record<string, unknown>,
  existing?: JwtTemplateRecord,
): Promise<JwtTemplateInput | undefined> {
  const invalid = (param: string, message: string) => {
    sendErrors(res, 422, {
      code: 'form_param_value_invalid',
      message,
      long_message: message,
      meta: { param_name: param },
    });
    return undefined;
  };
  const name = params.name;
  if (typeof name !== 'string' || name.trim() === '') return invalid('name', 'name is required');
  const other = ctx.store.findJwtTemplateByName(name);
  if (other && other.id !== existing?.id) return invalid('name', `A JWT template named ${name} already exists`);
  const claims = params.claims;
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    return invalid('claims', 'claims must be a JSON object');
  const lifetime = params.lifetime ?? existing?.lifetime ?? 60;
  if (!integerIn(lifetime, 30, 315_360_000)) return invalid('lifetime', 'lifetime must be between 30 and 315360000');
  const skew = params.allowed_clock_skew ?? existing?.allowedClockSkew ?? 5;
  if (!integerIn(skew, 0, 300)) return invalid('allowed_clock_skew', 'allowed_clock_skew must be between 0 and 300');
  const custom =
    typeof params.custom_signing_key === 'boolean' ? params.custom_signing_key : (existing?.customSigningKey ?? false);
  if (!custom)
    return {
      name,
      claims: claims as Record<string, unknown>,
      lifetime,
      allowedClockSkew: skew,
      customSigningKey: false,
      signingAlgorithm: 'RS256',
      signingKey: null,
    };
  const algorithm = stringParam(params, 'signing_algorithm') ?? existing?.signingAlgorithm;
  if (!algorithm || !(TEMPLATE_ALGORITHMS as readonly string[]).includes(algorithm))
    return invalid('signing_algorithm', `signing_algorithm must be one of ${TEMPLATE_ALGORITHMS.join(', ')}`);
  // Updating the algorithm alone keeps the key only when the key still fits it.
  const signingKey =
    stringParam(params, 'signing_key') ??
    (existing?.signingKey && existing.signingAlgorithm.slice(0, 2) === algorithm.slice(0, 2)
      ? existing.signingKey
      : undefined);
  if (!signingKey) return invalid('signing_key', 'signing_key is required with custom_signing_key');
  if (!algorithm.startsWith('HS')) {
    try {
      await importPKCS8(signingKey, algorithm);
    } catch {
      return invalid('signing_key', `signing_key must be a PKCS#8 PEM private key for ${algorithm}`);
    }
  }
  return {
    name,
    claims: claims as Record<string, unknown>,
    lifetime,
    allowedClockSkew: skew,
    customSigningKey: true,
    signingAlgorithm: algorithm,
    signingKey,
  };
}

function findTemplate(ctx: EmulatorContext, res: ServerResponse, id: string | undefined) {
  const template = id ? ctx.store.getJwtTemplate(id) : undefined;
  if (!template) notFound(res, `No JWT template was found with id ${id ?? ''}`);
  return template;
}

function jwtTemplateRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/jwt_templates$/,
      name: 'GET /v1/jwt_templates',
      handler: async (ctx, _req, res, _p, url) => {
        const templates = ctx.store.listJwtTemplates();
        // As for sessions: the spec documents a bare array; @clerk/backend asks `paginated=true` and reads `{ data, total_count }`.
        if (url.searchParams.get('paginated') === 'true') {
          const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
          const limit = Number(url.searchParams.get('limit') ?? 10) || 10;
          const page = templates.slice(offset, offset + limit).map(jwtTemplateJson);
          return sendJson(res, 200, { data: page, total_count: templates.length });
        }
        sendJson(res, 200, templates.map(jwtTemplateJson));
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/jwt_templates$/,
      name: 'POST /v1/jwt_templates',
      handler: async (ctx, req, res) => {
        const input = await templateInput(ctx, res, await readParams(req));
        if (!input) return;
        const template = ctx.store.createJwtTemplate(input);
        await ctx.store.save();
        sendJson(res, 200, jwtTemplateJson(template));
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/jwt_templates\/([^/]+)$/,
      name: 'GET /v1/jwt_templates/:id',
      handler: async (ctx, _req, res, [id]) => {
        const template = findTemplate(ctx, res, id);
        if (template) sendJson(res, 200, jwtTemplateJson(template));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/v1\/jwt_templates\/([^/]+)$/,
      name: 'PATCH /v1/jwt_templates/:id',
      handler: async (ctx, req, res, [id]) => {
        const params = await readParams(req);
        const template = findTemplate(ctx, res, id);
        if (!template) return;
        const input = await templateInput(ctx, res, params, template);
        if (!input) return;
        ctx.store.updateJwtTemplate(template, input);
        await ctx.store.save();
        sendJson(res, 200, jwtTemplateJson(template));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/jwt_templates\/([^/]+)$/,
      name: 'DELETE /v1/jwt_templates/:id',
      handler: async (ctx, _req, res, [id]) => {
        const template = findTemplate(ctx, res, id);
        if (!template) return;
        ctx.store.deleteJwtTemplate(template.id);
        await ctx.store.save();
        sendJson(res, 200, { object: 'jwt_template', id: template.id, deleted: true });
      },
    },
  ];
}

function filterUsers(ctx: EmulatorContext, url: URL, paginate = true): UserRecord[] {
  const emails = url.searchParams.getAll('email_address').map((e) => e.toLowerCase());
  const ids = url.searchParams.getAll('user_id');
  const query = url.searchParams.get('query')?.toLowerCase();
  let users = ctx.store
    .listUsers()
    .filter(
      (u) =>
        (emails.length === 0 || emails.includes(u.email)) &&
        (ids.length === 0 || ids.includes(u.id)) &&
        (!query || `${u.email} ${u.firstName ?? ''} ${u.lastName ?? ''}`.toLowerCase().includes(query)),
    );
  if (paginate) {
    const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
    const limit = Number(url.searchParams.get('limit') ?? 10) || 10;
    users = users.slice(offset, offset + limit);
  }
  return users;
}

/** Handles a /v1/* request when it is a Backend API route; returns false when it is not one. */
export async function handleBackendApi(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const candidates = routes.filter((r) => r.pattern.test(url.pathname));
  if (candidates.length === 0) return false;
  const route = candidates.find((r) => r.method === method);
  ctx.counters.count('backend', route?.name ?? `${method} ${url.pathname}`);
  if (!secretKeyMatches(ctx, req.headers.authorization)) {
    sendErrors(res, 401, {
      code: 'authentication_invalid',
      message: 'Invalid authentication',
      long_message: 'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
    });
    return true;
  }
  if (!route) {
    sendErrors(res, 405, { code: 'method_not_allowed', message: `${method} is not allowed here` });
    return true;
  }
  const match = route.pattern.exec(url.pathname);
  await route.handler(ctx, req, res, (match?.slice(1) ?? []).map(decodeURIComponent), url);
  return true;
}
