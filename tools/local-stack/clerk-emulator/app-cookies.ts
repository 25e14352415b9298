// Set-Cookie directives for the APP's Clerk cookies, handed to @clerk/nextjs through the handshake.
// Both plain and suffixed names are written (as Clerk does), because clerk-js writes both and the SDK
// prefers the suffixed pair when it looks fresher: leaving a stale suffixed cookie would resurrect a session.

const YEAR_SECONDS = 365 * 24 * 3600;

export interface AppCookieContext {
  /** The app page's hostname (from redirect_url): clerk-js scopes __client_uat with Domain=<hostname> on localhost. */
  hostname: string;
  secure: boolean;
  cookieSuffix: string;
}

function directive(name: string, value: string, attrs: string[]): string {
  return [`${name}=${value}`, 'Path=/', ...attrs].join('; ');
}

function both(ctx: AppCookieContext, name: string, value: string, attrs: string[]): string[] {
  const all = ctx.secure ? [...attrs, 'Secure'] : attrs;
  return [directive(name, value, all), directive(`${name}_${ctx.cookieSuffix}`, value, all)];
}

/**
 * `__client_uat` (and its suffixed twin): seconds of the client's last sign-in change, `0` when signed out.
 * Same attributes wherever it is set (handshake, Frontend API responses, clerk-js), so each write replaces
 * the one cookie instead of adding a second one with another Domain.
 */
export function clientUatDirectives(ctx: AppCookieContext, value: string): string[] {
  return both(ctx, '__client_uat', value, [`Domain=${ctx.hostname}`, `Max-Age=${YEAR_SECONDS}`, 'SameSite=Lax']);
}

export function signedInDirectives(ctx: AppCookieContext, sessionToken: string, clientUatSeconds: number): string[] {
  return [
    ...both(ctx, '__session', sessionToken, [`Max-Age=${YEAR_SECONDS}`, 'SameSite=Lax']),
    ...clientUatDirectives(ctx, String(clientUatSeconds)),
  ];
}

export function signedOutDirectives(ctx: AppCookieContext): string[] {
  return [...both(ctx, '__session', '', ['Max-Age=0', 'SameSite=Lax']), ...clientUatDirectives(ctx, '0')];
}
