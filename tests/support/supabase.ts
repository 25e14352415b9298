// supabase-js clients and Clerk-template-shaped tokens for tests against the local stack.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

/**
 * A token shaped like Clerk's `supabase` JWT template: HS256 with the project's JWT secret,
 * `sub` = the Clerk user id, `role` and `aud` = authenticated.
 */
export function templateToken(
  jwtSecret: string,
  sub: string,
  options: { expiresInSeconds?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setAudience('authenticated')
    .setIssuedAt(now - 120)
    .setExpirationTime(now + (options.expiresInSeconds ?? 60))
    .sign(new TextEncoder().encode(jwtSecret));
}

/** The real supabase-js client, as the app builds it: anon key, plus the user's token when given. */
export function supabaseClient(url: string, apiKey: string, token?: string): SupabaseClient {
  return createClient(url, apiKey, {
    global: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; realtime is unused but createClient requires a transport.
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}
