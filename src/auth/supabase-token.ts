import 'server-only';
import { requestAuth } from './request-auth';
import { serverEnv } from '@/env';
import { activeListPath, orgSlugOf } from '@/orgs/active-list';
import { orgClaimOf, TokenCache, TokenListMismatch } from './token-cache';

export class NotSignedInError extends Error {
  constructor() {
    super('Not signed in');
    this.name = 'NotSignedInError';
  }
}

/** The request's token acts for another list than its page or form names: nothing may run with it. */
export class ListSwitchedError extends Error {
  constructor(readonly activeList: string | undefined) {
    super('The session acts in another list than the request names');
    this.name = 'ListSwitchedError';
  }
}

// Clerk answers every getToken({ template }) with a Backend API call.
const templateTokens = new TokenCache(1000, 10_000);

/** The JWT a query in `listPath` runs with, and the one check that it acts for that list (else nothing runs). */
export async function supabaseAccessToken(listPath: string): Promise<string> {
  const { userId, sessionId, orgId, orgSlug, getToken } = await requestAuth();
  if (!userId || !sessionId) throw new NotSignedInError();
  const sessionList = activeListPath(orgSlug);
  // The list names a slug and the claim holds an id: the verified session token pairs the two.
  if (orgSlugOf(listPath) !== (orgSlug || undefined)) throw new ListSwitchedError(sessionList);
  const listOrgId = orgId || null;
  const listOf = (claim: string | null) => (claim === null ? '/' : claim === orgId ? sessionList : undefined);
  const env = serverEnv();

  let token: string | null;
  if (env.CLERK_SUPABASE_AUTH === 'native') {
    token = await getToken();
  } else {
    const template = env.CLERK_SUPABASE_TEMPLATE;
    const fetchToken = async () => {
      const fetched = await getToken({ template });
      if (!fetched) throw new NotSignedInError();
      return fetched;
    };
    try {
      // Clerk mints template tokens for the session's active organization, which another tab may have moved.
      token =
        env.CLERK_SUPABASE_TOKEN_CACHE === 'off'
          ? await fetchToken()
          : await templateTokens.getOrFetch({ sessionId, userId, orgId: listOrgId, kind: template }, fetchToken);
    } catch (error) {
      if (error instanceof TokenListMismatch) throw new ListSwitchedError(listOf(error.tokenOrgId));
      throw error;
    }
  }
  if (!token) throw new NotSignedInError();
  const claim = orgClaimOf(token);
  if (claim !== listOrgId) throw new ListSwitchedError(listOf(claim));
  return token;
}

export function forgetToken(sessionId: string, token?: string): void {
  templateTokens.drop({ sessionId, token });
}

export async function forgetRefusedToken(token: string): Promise<void> {
  const { sessionId } = await requestAuth();
  if (sessionId) forgetToken(sessionId, token);
}

export function forgetSessionTokens(sessionId: string): void {
  templateTokens.drop({ sessionId });
}

export function forgetUserTokens(userId: string): void {
  templateTokens.drop({ userId });
}
