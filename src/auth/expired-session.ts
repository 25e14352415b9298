import 'server-only';
import { verifyToken } from '@clerk/nextjs/server';
import { getCookieSuffix, getSuffixedCookieName } from '@clerk/shared/keys';
import { cookies, headers } from 'next/headers';
import { serverEnv } from '@/env';
import { clerkJwtKey } from './clerk-jwt-key';
import { INTENT_LIFETIME_SECONDS } from './intent-codec';

// A parked submission lives INTENT_LIFETIME_SECONDS: a token expired longer ago than that is not read.
const EXPIRY_OVERLOOKED_MS = INTENT_LIFETIME_SECONDS * 1000;

export async function sessionOfExpiredToken(): Promise<{ userId: string; sessionId: string } | undefined> {
  const env = serverEnv();
  const [store, requestHeaders] = await Promise.all([cookies(), headers()]);
  const azp = appOrigin() ?? requestHeaders.get('origin');
  if (!azp) return undefined;
  // Only this instance's two cookies: each unknown `kid` costs a JWKS fetch, and a request may forge any number.
  const suffixed = getSuffixedCookieName('__session', await getCookieSuffix(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY));
  const tokens = [suffixed, '__session'].flatMap((name) => store.get(name)?.value ?? []);
  for (const token of tokens) {
    try {
      const claims = await verifyToken(token, {
        jwtKey: clerkJwtKey(),
        secretKey: env.CLERK_SECRET_KEY,
        apiUrl: process.env.CLERK_API_URL,
        clockSkewInMs: EXPIRY_OVERLOOKED_MS,
        // Minted for this app's pages (APP_URL, else the page that posted: the proxy refused other sites).
        authorizedParties: [azp],
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

function appOrigin(): string | undefined {
  const url = process.env.APP_URL?.trim();
  return url ? new URL(url).origin : undefined;
}
