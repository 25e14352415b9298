import 'server-only';
import { verifyToken } from '@clerk/nextjs/server';
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
  const store = await cookies();
  const tokens = store
    .getAll()
    .filter(({ name }) => name === '__session' || name.startsWith('__session_'))
    .map(({ value }) => value);
  const env = serverEnv();
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
      // Not a Clerk token of this instance (forged, or from another instance): try the next one.
    }
  }
  return undefined;
}
