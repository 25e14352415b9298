// Supabase-style access tokens for the benchmark users, signed like Clerk's "supabase" JWT template
// (HS256 with the project's JWT secret; sub, role and aud "authenticated", exp).
import { SignJWT } from 'jose';

export async function signUserToken(jwtSecret: string, userId: string, lifetimeSeconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(new TextEncoder().encode(jwtSecret));
}

/** The claims PostgREST would set for that token, for SQL-level runs. */
export function userClaims(userId: string): string {
  return JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' });
}
