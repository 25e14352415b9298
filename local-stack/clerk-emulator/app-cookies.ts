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

export function signedInDirectives(ctx: AppCookieContext, sessionToken: string, clientUatSeconds: number): string[] {
  return [
    ...both(ctx, '__session', sessionToken, [`Max-Age=${YEAR_SECONDS}`, 'SameSite=Lax']),
    ...both(ctx, '__client_uat', String(clientUatSeconds), [
      `Domain=${ctx.hostname}`,
      `Max-Age=${YEAR_SECONDS}`,
      'SameSite=Lax',
    ]),
  ];
}

export function signedOutDirectives(ctx: AppCookieContext): string[] {
  return [
    ...both(ctx, '__session', '', ['Max-Age=0', 'SameSite=Lax']),
    ...both(ctx, '__client_uat', '0', [`Domain=${ctx.hostname}`, `Max-Age=${YEAR_SECONDS}`, 'SameSite=Lax']),
  ];
}

/**
 * `__client_uat` alone, as Clerk's Frontend API sets it on the app's site with each client response: the
 * app's server compares it with the `__session` clerk-js writes, so it must follow sign-ins and sign-outs.
 */
export function clientUatDirectives(ctx: AppCookieContext, clientUatSeconds: number): string[] {
  return both(ctx, '__client_uat', String(clientUatSeconds), [
    `Domain=${ctx.hostname}`,
    `Max-Age=${YEAR_SECONDS}`,
    'SameSite=Lax',
  ]);
}
