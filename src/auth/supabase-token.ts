import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { decodeJwt } from 'jose';
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
// for its whole lifetime, so keep it per session until shortly before it expires.
const templateTokens = new TokenCache(1000, 10_000);

const cacheKey = (sessionId: string, template: string) => `${sessionId}:${template}`;

/**
 * The JWT that PostgREST will run the signed-in user's queries as. This is the one place that
 * knows how Clerk and Supabase are joined: a JWT template (default) or the session token itself
 * (Supabase third-party auth, CLERK_SUPABASE_AUTH=native).
 */
export async function supabaseAccessToken(): Promise<string> {
  const { userId, sessionId, getToken } = await auth();
  if (!userId || !sessionId) throw new NotSignedInError();
  const env = serverEnv();

  if (env.CLERK_SUPABASE_AUTH === 'native') {
    const token = await getToken();
    if (!token) throw new NotSignedInError();
    return token;
  }

  const template = env.CLERK_SUPABASE_TEMPLATE;
  const useCache = env.CLERK_SUPABASE_TOKEN_CACHE === 'on';
  const key = cacheKey(sessionId, template);
  const cached = useCache ? templateTokens.get(key) : undefined;
  if (cached) return cached;

  const token = await getToken({ template });
  if (!token) throw new NotSignedInError();
  const { exp } = decodeJwt(token);
  if (useCache && exp) templateTokens.set(key, token, exp * 1000);
  return token;
}

/** Forget a session's cached tokens (on sign-out, so a revoked session's token is not reused). */
export function forgetSessionTokens(sessionId: string): void {
  templateTokens.deleteByPrefix(`${sessionId}:`);
}
