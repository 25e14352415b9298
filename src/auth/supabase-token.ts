import 'server-only';
import { requestAuth } from './request-auth';
import { serverEnv } from '@/env';
import { TokenCache } from './token-cache';

/** The request has no signed-in Clerk session (signed out, or its session token expired). */
export class NotSignedInError extends Error {
  constructor() {
    super('Not signed in');
    this.name = 'NotSignedInError';
  }
}

// Clerk answers every getToken({ template }) with a Backend API call. A template token is valid
// for its whole lifetime, so keep it per session and user until shortly before it expires. The
// cache is per server process: a session-ended webhook clears it only on the instance it reaches.
const templateTokens = new TokenCache(1000, 10_000);

/**
 * The JWT that PostgREST will run the signed-in user's queries as. This is the one place that
 * knows how Clerk and Supabase are joined: a JWT template (default) or the session token itself
 * (Supabase third-party auth, CLERK_SUPABASE_AUTH=native).
 */
export async function supabaseAccessToken(): Promise<string> {
  const { userId, sessionId, orgId, getToken } = await requestAuth();
  if (!userId || !sessionId) throw new NotSignedInError();
  const env = serverEnv();

  if (env.CLERK_SUPABASE_AUTH === 'native') {
    const token = await getToken();
    if (!token) throw new NotSignedInError();
    return token;
  }

  const template = env.CLERK_SUPABASE_TEMPLATE;
  const fetchToken = async () => {
    const token = await getToken({ template });
    if (!token) throw new NotSignedInError();
    return token;
  };
  if (env.CLERK_SUPABASE_TOKEN_CACHE === 'off') return fetchToken();
  // The template token carries the active organization: switching lists must not reuse the other list's token.
  return templateTokens.getOrFetch({ sessionId, userId, kind: `${template}:${orgId ?? ''}` }, fetchToken);
}

/**
 * Forget one session's cached token: every kind, or only `token` when given (so a retry after
 * PostgREST refused that token does not also drop a fresh one another request just fetched).
 */
export function forgetToken(sessionId: string, token?: string): void {
  templateTokens.drop({ sessionId, token });
}

/** Drops `token` from the signed-in session's cache: PostgREST refused it, so the next request fetches anew. */
export async function forgetRefusedToken(token: string): Promise<void> {
  const { sessionId } = await requestAuth();
  if (sessionId) forgetToken(sessionId, token);
}

/** Forget a session's cached tokens (sign-out, or Clerk reports the session revoked or ended). */
export function forgetSessionTokens(sessionId: string): void {
  templateTokens.drop({ sessionId });
}

/** Forget every cached token of a user (Clerk reports the user deleted). */
export function forgetUserTokens(userId: string): void {
  templateTokens.drop({ userId });
}
