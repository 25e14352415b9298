import { randomBytes } from 'node:crypto';
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import type { InstanceIdentity } from './instance.ts';
import type { JwtTemplateInput, JwtTemplateRecord, SessionRecord, UserRecord } from './store.ts';

export interface TokenSettings {
  identity: InstanceIdentity;
  /** `https://127.0.0.1:PORT`: must equal the publishable key's host, or the SDK switches to suffixed cookies. */
  issuer: string;
  sessionTokenLifetimeSeconds: number;
  /** Lifetime and secret of the default "supabase" template, seeded into a store that never had templates. */
  templateTokenLifetimeSeconds: number;
  supabaseJwtSecret: string;
  /** The stored JWT template with this name. */
  findTemplate: (name: string) => JwtTemplateRecord | undefined;
  /** Adds `role: "authenticated"` so Supabase third-party auth can use the session token directly. */
  nativeSupabaseRole: boolean;
  /**
   * The session's active organization and the user's role in it (`org:admin`), if any; given
   * `organizationId` (null: none), that organization instead, while the user is a member of it.
   */
  activeOrganization?: (session: SessionRecord, organizationId?: string | null) => ActiveOrganization | undefined;
}

export interface ActiveOrganization {
  id: string;
  slug: string;
  name: string;
  /** The role key with its prefix, e.g. `org:admin`. */
  role: string;
}

/**
 * The v2 session token's organization claim: `o.id`, `o.slg`, and `o.rol` without the `org:` prefix (the SDK
 * adds it back). `per`/`fpm` (feature permissions) are left out: no features are emulated, and the SDK then
 * reports no permissions, as it does when they are empty.
 */
function organizationClaim(organization: ActiveOrganization): Record<string, string> {
  return { id: organization.id, slg: organization.slug, rol: organization.role.replace(/^org:/, '') };
}

/**
 * A Clerk v2 session token (RS256 with the instance key), for the session's active organization or, given
 * `organizationId` (null: the personal account), for that one without changing the active one.
 */
export async function mintSessionToken(
  settings: TokenSettings,
  session: SessionRecord,
  azp: string,
  organizationId?: string | null,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { azp, sid: session.id, sts: session.status, v: 2, fva: [0, -1] };
  if (settings.nativeSupabaseRole) claims.role = 'authenticated';
  const organization = settings.activeOrganization?.(session, organizationId);
  if (organization) claims.o = organizationClaim(organization);
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

/** Shortcode values a template's claims can use; anything else resolves to null. */
function shortcodeContext(
  session: SessionRecord,
  user: UserRecord,
  organization: ActiveOrganization | undefined,
): Record<string, unknown> {
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(' ') || null;
  return {
    user: {
      id: user.id,
      external_id: user.externalId,
      first_name: user.firstName,
      last_name: user.lastName,
      full_name: fullName,
      username: user.username,
      primary_email_address: user.email,
      email_verified: true,
      phone_number_verified: false,
      primary_phone_number: null,
      public_metadata: user.publicMetadata,
      unsafe_metadata: user.unsafeMetadata,
      two_factor_enabled: false,
    },
    session: { id: session.id, actor: null },
    // {{org.*}}: the active organization; without one every org shortcode resolves to null.
    org: organization
      ? { id: organization.id, slug: organization.slug, name: organization.name, role: organization.role }
      : null,
  };
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

const WHOLE_SHORTCODE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const SHORTCODE = /\{\{\s*([\w.]+)\s*\}\}/g;

/** A claim that is only a shortcode keeps the value's type; shortcodes inside text are interpolated. */
export function renderClaims(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_SHORTCODE.exec(value);
    if (whole) return lookup(context, whole[1]!);
    return value.replace(SHORTCODE, (_m, path: string) => {
      const resolved = lookup(context, path);
      if (resolved === null) return '';
      return typeof resolved === 'object' ? JSON.stringify(resolved) : String(resolved as string | number | boolean);
    });
  }
  if (Array.isArray(value)) return value.map((item) => renderClaims(item, context));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderClaims(item, context)]));
  return value;
}

/** Claims Clerk sets on every template token; a template cannot override them. */
export const RESERVED_TEMPLATE_CLAIMS = ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub'] as const;

/** The algorithms a custom signing key may use: HMAC with a shared secret, or a PKCS#8 PEM private key. */
export const TEMPLATE_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384'] as const;

async function templateSigningKey(
  settings: TokenSettings,
  template: JwtTemplateRecord,
): Promise<{ alg: string; key: CryptoKey | Uint8Array; kid?: string }> {
  if (!template.customSigningKey || !template.signingKey)
    return { alg: 'RS256', key: settings.identity.privateKey, kid: settings.identity.kid };
  const alg = template.signingAlgorithm;
  if (alg.startsWith('HS')) return { alg, key: new TextEncoder().encode(template.signingKey) };
  return { alg, key: await importPKCS8(template.signingKey, alg) };
}

/**
 * A token from the stored JWT template named `name`, or null when there is none: its claims with
 * shortcodes resolved, its lifetime and clock skew, signed with its custom key or the instance's RS256 key.
 */
export async function mintTemplateToken(
  settings: TokenSettings,
  name: string,
  session: SessionRecord,
  user: UserRecord,
  expiresInSeconds?: number,
): Promise<string | null> {
  const template = settings.findTemplate(name);
  if (!template) return null;
  const now = Math.floor(Date.now() / 1000);
  const claims = renderClaims(
    template.claims,
    shortcodeContext(session, user, settings.activeOrganization?.(session)),
  ) as Record<string, unknown>;
  for (const reserved of RESERVED_TEMPLATE_CLAIMS) delete claims[reserved];
  const { alg, key, kid } = await templateSigningKey(settings, template);
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setJti(randomBytes(10).toString('hex'))
    .setIssuedAt(now)
    .setNotBefore(now - template.allowedClockSkew)
    .setExpirationTime(now + (expiresInSeconds ?? template.lifetime))
    .sign(key);
}

/** The claims of Clerk's Supabase template as the hosted setup describes them. */
export const SUPABASE_TEMPLATE_CLAIMS = {
  aud: 'authenticated',
  role: 'authenticated',
  email: '{{user.primary_email_address}}',
  // The active organization, for organization-shared rows under RLS; null in the personal account.
  org_id: '{{org.id}}',
  org_role: '{{org.role}}',
};

/** Clerk's Supabase template as the hosted setup describes it: HS256 with the Supabase JWT secret. */
export function defaultSupabaseTemplate(settings: TokenSettings): JwtTemplateInput {
  return {
    name: 'supabase',
    claims: { ...SUPABASE_TEMPLATE_CLAIMS },
    lifetime: settings.templateTokenLifetimeSeconds,
    allowedClockSkew: 5,
    customSigningKey: true,
    signingAlgorithm: 'HS256',
    signingKey: settings.supabaseJwtSecret,
  };
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
