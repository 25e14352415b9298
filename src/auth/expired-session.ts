import 'server-only';
import { verifyToken } from '@clerk/nextjs/server';
import { getCookieSuffix, getSuffixedCookieName } from '@clerk/shared/keys';
import { cookies } from 'next/headers';
import { serverEnv } from '@/env';
import { clerkJwtKey } from './clerk-jwt-key';

// Clerk sessions last days; their tokens a minute. A token this much past its expiry cannot belong
// to a session that a refresh could still revive.
const LONGEST_SESSION_MS = 30 * 24 * 3600 * 1000;

/**
 * Who a signed-out request was signed in as, read from its expired Clerk session token: the
 * signature is verified with the instance's key (CLERK_JWT_KEY, else the Backend API's JWKS) and
 * only the expiry is overlooked. Undefined when there is no such token or it is not Clerk's.
 */
export async function sessionOfExpiredToken(): Promise<{ userId: string; sessionId: string } | undefined> {
  const env = serverEnv();
  const store = await cookies();
  // Only this instance's own cookies, two at most: every unknown `kid` would cost a JWKS fetch from
  // Clerk's Backend API (without CLERK_JWT_KEY), and a request may carry any number of forged ones.
  const suffixed = getSuffixedCookieName('__session', await getCookieSuffix(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY));
  const tokens = [suffixed, '__session'].flatMap((name) => store.get(name)?.value ?? []);
  for (const token of tokens) {
    try {
      const claims = await verifyToken(token, {
        jwtKey: clerkJwtKey(),
        secretKey: env.CLERK_SECRET_KEY,
        apiUrl: process.env.CLERK_API_URL,
        clockSkewInMs: LONGEST_SESSION_MS,
      });
      if (typeof claims.sub === 'string' && typeof claims.sid === 'string') {
        return { userId: claims.sub, sessionId: claims.sid };
      }
    } catch {
      // Not a Clerk token of this instance (forged, or from another instance): try the other one.
    }
  }
  return undefined;
}
