import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { InstanceIdentity } from './instance.ts';
import type { SessionRecord, UserRecord } from './store.ts';

export interface TokenSettings {
  identity: InstanceIdentity;
  /** `https://127.0.0.1:PORT`: must equal the publishable key's host, or the SDK switches to suffixed cookies. */
  issuer: string;
  sessionTokenLifetimeSeconds: number;
  templateTokenLifetimeSeconds: number;
  supabaseJwtSecret: string;
  /** Adds `role: "authenticated"` so Supabase third-party auth can use the session token directly. */
  nativeSupabaseRole: boolean;
}

/** A Clerk v2 session token (RS256 with the instance key). */
export async function mintSessionToken(settings: TokenSettings, session: SessionRecord, azp: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { azp, sid: session.id, sts: session.status, v: 2, fva: [0, -1] };
  if (settings.nativeSupabaseRole) claims.role = 'authenticated';
  return (
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: settings.identity.kid, typ: 'JWT' })
      .setSubject(session.userId)
      .setIssuer(settings.issuer)
      .setIssuedAt(now)
      // Clerk back-dates nbf by 10 s to absorb clock skew.
      .setNotBefore(now - 10)
      .setExpirationTime(now + settings.sessionTokenLifetimeSeconds)
      .sign(settings.identity.privateKey)
  );
}

export const TEMPLATE_NAMES = ['supabase'] as const;

/** Clerk's Supabase JWT template: HS256 with the Supabase JWT secret, aud/role "authenticated". */
export async function mintTemplateToken(
  settings: TokenSettings,
  template: string,
  session: SessionRecord,
  user: UserRecord,
): Promise<string | null> {
  if (template !== 'supabase') return null;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'authenticated', email: user.email, sid: session.id })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(settings.issuer)
    .setJti(randomBytes(10).toString('hex'))
    .setIssuedAt(now)
    .setNotBefore(now - 10)
    .setExpirationTime(now + settings.templateTokenLifetimeSeconds)
    .sign(new TextEncoder().encode(settings.supabaseJwtSecret));
}

/** `__clerk_handshake` value: an RS256 JWT whose `handshake` claim lists Set-Cookie directives. */
export async function mintHandshakeToken(settings: TokenSettings, directives: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ handshake: directives })
    .setProtectedHeader({ alg: 'RS256', kid: settings.identity.kid, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setIssuedAt(now)
    .setNotBefore(now - 10)
    .setExpirationTime(now + 60)
    .sign(settings.identity.privateKey);
}
