// Hosted sign-in / sign-up / sign-out pages and a small admin page: plain HTML forms that work with
// JavaScript disabled. After signing in, the browser goes through the handshake so @clerk/nextjs sets
// the app's own cookies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_COOKIE, allowedAppUrl, deleteUserAndNotify, type EmulatorContext } from './context.ts';
import { clientFromRequest, clientUatValue, withClientUat } from './frontend-api.ts';
import { escapeHtml, readParams, redirect, sendHtml, sendJson, stringParam } from './http-util.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { ClientRecord, UserRecord } from './store.ts';
import { mintSessionToken } from './tokens.ts';
import { handleOrganizationAdminForm, organizationsAdminSection } from './organizations.ts';

const CLIENT_COOKIE_MAX_AGE = 365 * 24 * 3600;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Clerk emulator</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#151515}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem;background:#6c47ff;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
.error{background:#fde8e8;color:#9b1c1c;padding:.6rem;border-radius:.3rem}.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;font-size:.9rem}
</style></head><body>
<p class="note">Local Clerk emulator — not a real Clerk instance.</p>
${body}
<script>${REDIRECT_FROM_HASH}</script>
</body></html>`;
}

// clerk-js sends the return address in the hash (`/sign-in#/?redirect_url=...`), which never reaches the server:
// copy it into the forms and links. Without JavaScript the server's default (the app's home page) stays.
const REDIRECT_FROM_HASH = `(function(){var m=/[?&]redirect_url=([^&]*)/.exec(location.hash);if(!m)return;var v=decodeURIComponent(m[1]);
document.querySelectorAll('input[name=redirect_url]').forEach(function(i){i.value=v});
document.querySelectorAll('a[data-redirect-link]').forEach(function(a){var u=new URL(a.href);u.searchParams.set('redirect_url',v);a.href=u.href})})();`;

// A small mark for the browser tab (browsers ask for /favicon.ico on every origin they visit).
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#6c47ff"/><path d="M21 11.5a7 7 0 1 0 0 9" stroke="#fff" stroke-width="3.2" fill="none" stroke-linecap="round"/></svg>';

/** Where to send the browser afterwards: an allowed app URL, else the app's home page. */
function targetOf(ctx: EmulatorContext, value: string | null | undefined): URL {
  return allowedAppUrl(ctx, value) ?? ctx.appUrl;
}

/** Form posts must come from the emulator's own pages (a cheap CSRF guard; browsers send Origin on POST). */
function sameOriginPost(ctx: EmulatorContext, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return true;
  const host = req.headers.host;
  return (
    origin === ctx.browserOrigin ||
    origin === ctx.apiOrigin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
  );
}

function handshakeLocation(target: URL): string {
  // Relative: stays on whichever host (localhost / 127.0.0.1) holds the emulator's client cookie.
  return `/v1/client/handshake?${new URLSearchParams({ redirect_url: target.href, format: 'nonce' }).toString()}`;
}

function clientCookie(client: ClientRecord, maxAge = CLIENT_COOKIE_MAX_AGE): string {
  return `${CLIENT_COOKIE}=${client.cookieToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

async function startSession(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  user: UserRecord,
  target: URL,
): Promise<void> {
  const client = clientFromRequest(ctx, req) ?? ctx.store.createClient();
  ctx.store.createSession(user, client);
  await ctx.store.save();
  ctx.log(`signed in ${user.email}`);
  redirect(
    res,
    303,
    handshakeLocation(target),
    withClientUat(ctx, req, { 'Set-Cookie': [clientCookie(client)] }, client),
  );
}

function signInForm(
  ctx: EmulatorContext,
  target: URL,
  opts: { error?: string; email?: string; signedInAs?: string },
): string {
  const redirectField = `<input type="hidden" name="redirect_url" value="${escapeHtml(target.href)}">`;
  const q = new URLSearchParams({ redirect_url: target.href }).toString();
  return page(
    'Sign in',
    `<h1>Sign in</h1>
${opts.signedInAs ? `<p class="note">Currently signed in as ${escapeHtml(opts.signedInAs)}. <a href="${escapeHtml(handshakeLocation(target))}">Continue</a> · <a href="/sign-out?${escapeHtml(q)}">Sign out</a></p>` : ''}
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/sign-in">${redirectField}
<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p class="note">No account? <a data-redirect-link href="/sign-up?${escapeHtml(q)}">Sign up</a></p>`,
  );
}

function signUpForm(
  target: URL,
  opts: { error?: string; email?: string; firstName?: string; lastName?: string },
): string {
  const q = new URLSearchParams({ redirect_url: target.href }).toString();
  return page(
    'Sign up',
    `<h1>Create an account</h1>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/sign-up"><input type="hidden" name="redirect_url" value="${escapeHtml(target.href)}">
<label for="first_name">First name (optional)</label><input id="first_name" name="first_name" value="${escapeHtml(opts.firstName ?? '')}">
<label for="last_name">Last name (optional)</label><input id="last_name" name="last_name" value="${escapeHtml(opts.lastName ?? '')}">
<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? '')}">
<label for="password">Password (8+ characters)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required>
<button type="submit">Sign up</button></form>
<p class="note">Have an account? <a data-redirect-link href="/sign-in?${escapeHtml(q)}">Sign in</a></p>`,
  );
}

function adminPage(ctx: EmulatorContext, message?: string): string {
  const rows = ctx.store
    .listUsers()
    .map(
      (
        u,
      ) => `<tr><td>${escapeHtml(u.email)}</td><td>${escapeHtml([u.firstName, u.lastName].filter(Boolean).join(' '))}</td><td><code>${escapeHtml(u.id)}</code></td><td>${ctx.store.listSessions({ userId: u.id, status: 'active' }).length}</td>
<td><form method="post" action="/__emulator/admin/users/${encodeURIComponent(u.id)}/delete"><button type="submit">Delete</button></form></td></tr>`,
    )
    .join('\n');
  return page(
    'Users',
    `<h1>Users</h1>${message ? `<p class="note" role="status">${escapeHtml(message)}</p>` : ''}
<table><thead><tr><th>Email</th><th>Name</th><th>Id</th><th>Active sessions</th><th></th></tr></thead><tbody>${rows || '<tr><td colspan="5">No users yet.</td></tr>'}</tbody></table>
<h2>Verification codes</h2>
<p class="note">No email is sent: the codes clerk-js asks for appear here (newest first) and in the emulator's log.</p>
<table id="verification-codes"><thead><tr><th>Email</th><th>For</th><th>Code</th></tr></thead><tbody>${
      ctx.flows.sentCodes
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.email)}</td><td>${c.purpose}</td><td><code class="verification-code">${escapeHtml(c.code)}</code></td></tr>`,
        )
        .join('\n') || '<tr><td colspan="3">None yet.</td></tr>'
    }</tbody></table>
<h2>Create a user</h2>
<form method="post" action="/__emulator/admin/users">
<label for="email">Email address</label><input id="email" name="email" type="email" required>
<label for="password">Password (8+ characters)</label><input id="password" name="password" type="password" minlength="8" required>
<label for="first_name">First name</label><input id="first_name" name="first_name">
<label for="last_name">Last name</label><input id="last_name" name="last_name">
<button type="submit">Create</button></form>
${organizationsAdminSection(ctx, escapeHtml)}`,
  );
}

/** Creates a user from form/JSON fields; returns an error message instead when the input is unusable. */
export async function createUserFromForm(
  ctx: EmulatorContext,
  fields: { email?: string; password?: string; firstName?: string; lastName?: string },
): Promise<UserRecord | string> {
  const email = fields.email?.trim() ?? '';
  if (!email.includes('@')) return 'Enter a valid email address.';
  if ((fields.password ?? '').length < 8) return 'Passwords must be 8 characters or more.';
  if (ctx.store.findUserByEmail(email)) return 'That email address is taken. Please try another.';
  const user = ctx.store.createUser({
    email,
    passwordHash: await hashPassword(fields.password ?? ''),
    firstName: fields.firstName || null,
    lastName: fields.lastName || null,
  });
  await ctx.store.save();
  return user;
}

export async function handleHostedPages(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (
    method === 'POST' &&
    !sameOriginPost(ctx, req) &&
    (path.startsWith('/sign-') || path.startsWith('/__emulator/'))
  ) {
    sendHtml(res, 403, page('Forbidden', '<p class="error">Cross-origin form posts are refused.</p>'));
    return true;
  }

  if (path === '/sign-in' && method === 'GET') {
    const session = ctx.store.activeSessionOf(clientFromRequest(ctx, req));
    const signedInAs = session ? ctx.store.getUser(session.userId)?.email : undefined;
    sendHtml(res, 200, signInForm(ctx, targetOf(ctx, url.searchParams.get('redirect_url')), { signedInAs }));
    return true;
  }
  if (path === '/sign-in' && method === 'POST') {
    const params = await readParams(req);
    const target = targetOf(ctx, stringParam(params, 'redirect_url'));
    const email = stringParam(params, 'email') ?? '';
    const user = ctx.store.findUserByEmail(email);
    // Always run scrypt, so timing does not reveal whether the email exists.
    const ok = await verifyPassword(
      stringParam(params, 'password') ?? '',
      user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    if (!user || !ok) {
      sendHtml(res, 422, signInForm(ctx, target, { error: 'Incorrect email address or password.', email }));
      return true;
    }
    await startSession(ctx, req, res, user, target);
    return true;
  }
  if (path === '/sign-up' && method === 'GET') {
    sendHtml(res, 200, signUpForm(targetOf(ctx, url.searchParams.get('redirect_url')), {}));
    return true;
  }
  if (path === '/sign-up' && method === 'POST') {
    const params = await readParams(req);
    const target = targetOf(ctx, stringParam(params, 'redirect_url'));
    const fields = {
      email: stringParam(params, 'email'),
      password: stringParam(params, 'password'),
      firstName: stringParam(params, 'first_name'),
      lastName: stringParam(params, 'last_name'),
    };
    const result = await createUserFromForm(ctx, fields);
    if (typeof result === 'string') {
      sendHtml(res, 422, signUpForm(target, { ...fields, error: result }));
      return true;
    }
    await startSession(ctx, req, res, result, target);
    return true;
  }
  if (path === '/sign-out' && method === 'GET') {
    const target = targetOf(ctx, url.searchParams.get('redirect_url'));
    sendHtml(
      res,
      200,
      page(
        'Sign out',
        `<h1>Sign out</h1><form method="post" action="/sign-out"><input type="hidden" name="redirect_url" value="${escapeHtml(target.href)}"><button type="submit">Sign out</button></form>`,
      ),
    );
    return true;
  }
  if (path === '/sign-out' && method === 'POST') {
    const params = await readParams(req);
    const client = clientFromRequest(ctx, req);
    const uatBefore = clientUatValue(ctx, client);
    await ctx.store.endActiveSession(client);
    // The handshake then tells the SDK to clear the app's cookies.
    redirect(
      res,
      303,
      handshakeLocation(targetOf(ctx, stringParam(params, 'redirect_url'))),
      withClientUat(ctx, req, {}, client, uatBefore),
    );
    return true;
  }

  if (path === '/__emulator/admin' && method === 'GET') {
    sendHtml(res, 200, adminPage(ctx, url.searchParams.get('message') ?? undefined));
    return true;
  }
  if (path === '/__emulator/admin/users' && method === 'POST') {
    const params = await readParams(req);
    const result = await createUserFromForm(ctx, {
      email: stringParam(params, 'email'),
      password: stringParam(params, 'password'),
      firstName: stringParam(params, 'first_name'),
      lastName: stringParam(params, 'last_name'),
    });
    redirect(
      res,
      303,
      `/__emulator/admin?${new URLSearchParams({ message: typeof result === 'string' ? result : `Created ${result.email}` }).toString()}`,
    );
    return true;
  }
  if (path.startsWith('/__emulator/admin/organizations') && method === 'POST') {
    const message = await handleOrganizationAdminForm(ctx, path, await readParams(req));
    if (message !== null) {
      redirect(res, 303, `/__emulator/admin?${new URLSearchParams({ message }).toString()}`);
      return true;
    }
  }
  let m: RegExpExecArray | null;
  if ((m = /^\/__emulator\/admin\/users\/([^/]+)\/delete$/.exec(path)) && method === 'POST') {
    const deleted = await deleteUserAndNotify(ctx, decodeURIComponent(m[1] ?? ''));
    redirect(
      res,
      303,
      `/__emulator/admin?${new URLSearchParams({ message: deleted ? 'Deleted.' : 'No such user.' }).toString()}`,
    );
    return true;
  }

  if (path === '/favicon.ico' && (method === 'GET' || method === 'HEAD')) {
    res.writeHead(200, {
      'Content-Type': 'image/svg+xml',
      'Content-Length': Buffer.byteLength(FAVICON_SVG),
      'Cache-Control': 'public, max-age=86400',
    });
    res.end(method === 'HEAD' ? undefined : FAVICON_SVG);
    return true;
  }

  // JSON helpers for tests and benchmarks.
  if (path === '/__emulator/health') {
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (path === '/__emulator/counters' && method === 'GET') {
    sendJson(res, 200, ctx.counters.snapshot());
    return true;
  }
  if (path === '/__emulator/counters/reset' && method === 'POST') {
    ctx.counters.reset();
    sendJson(res, 200, ctx.counters.snapshot());
    return true;
  }
  if (path === '/__emulator/webhooks' && method === 'GET') {
    sendJson(res, 200, { endpoint: ctx.webhooks.endpoint, deliveries: ctx.webhooks.deliveries() });
    return true;
  }
  if (path === '/__emulator/webhooks/reset' && method === 'POST') {
    ctx.webhooks.clear();
    sendJson(res, 200, { endpoint: ctx.webhooks.endpoint, deliveries: [] });
    return true;
  }
  if (path === '/__emulator/sign-in' && method === 'POST') {
    // Signs a user in without a password and returns the cookies a browser would hold (Playwright, benchmarks).
    // `session_token_lifetime_seconds` shortens this first token only, so a test can let it expire in
    // seconds; tokens minted later by refreshes get the instance's lifetime.
    const params = await readParams(req);
    const userId = stringParam(params, 'user_id');
    const email = stringParam(params, 'email');
    const user = userId ? ctx.store.getUser(userId) : email ? ctx.store.findUserByEmail(email) : undefined;
    if (!user) {
      sendJson(res, 404, {
        errors: [{ code: 'resource_not_found', message: 'No such user', long_message: 'No such user' }],
      });
      return true;
    }
    const lifetimeParam = Number(params.session_token_lifetime_seconds ?? NaN);
    const lifetime = Number.isInteger(lifetimeParam) && lifetimeParam > 0 ? lifetimeParam : undefined;
    const client = ctx.store.createClient();
    const session = ctx.store.createSession(user, client);
    await ctx.store.save();
    const target = targetOf(ctx, stringParam(params, 'redirect_url'));
    sendJson(res, 200, {
      user_id: user.id,
      session_id: session.id,
      client_cookie: { name: CLIENT_COOKIE, value: client.cookieToken },
      session_token: await mintSessionToken(
        { ...ctx.tokens, sessionTokenLifetimeSeconds: lifetime ?? ctx.tokens.sessionTokenLifetimeSeconds },
        session,
        target.origin,
      ),
      client_uat: String(Math.floor(client.updatedAt / 1000)),
    });
    return true;
  }
  if (path === '/' && method === 'GET') {
    sendHtml(
      res,
      200,
      page(
        'Clerk emulator',
        `<h1>Clerk emulator</h1><ul><li><a href="/sign-in">Sign in</a></li><li><a href="/sign-up">Sign up</a></li><li><a href="/sign-out">Sign out</a></li><li><a href="/__emulator/admin">Users</a></li></ul>`,
      ),
    );
    return true;
  }
  return false;
}
