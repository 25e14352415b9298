// Tokens that look like the real ones and differ in exactly one respect (payload edited, alg none, another key).
import { randomBytes } from 'node:crypto';
import { generateKeyPair, importPKCS8, SignJWT } from 'jose';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function parts(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

export const decodePayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** The same header and signature with the payload rewritten: the signature no longer matches. */
export function withEditedPayload(
  token: string,
  edit: (claims: Record<string, unknown>) => Record<string, unknown>,
): string {
  const [header, , signature] = parts(token);
  return `${header}.${b64url(edit(decodePayload(token)))}.${signature}`;
}

/** The token's claims with `alg: none` and no signature. */
export function algNone(token: string): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(decodePayload(token))}.`;
}

/** HS256 over arbitrary claims with the given secret. */
export function hs256(
  secret: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(new TextEncoder().encode(secret));
}

export const randomSecret = () => randomBytes(32).toString('base64url');

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A Clerk-shaped session token (RS256) signed with `privateKeyPem`, or with a fresh key when it is omitted. */
export async function sessionToken(options: {
  privateKeyPem?: string;
  kid: string;
  issuer: string;
  sub: string;
  sid: string;
  azp: string;
  iat?: number;
  exp?: number;
}): Promise<string> {
  const key = options.privateKeyPem
    ? await importPKCS8(options.privateKeyPem, 'RS256')
    : (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey;
  const iat = options.iat ?? nowSeconds();
  return new SignJWT({ azp: options.azp, sid: options.sid, sts: 'active', v: 2, fva: [0, -1] })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid, typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(options.issuer)
    .setIssuedAt(iat)
    .setNotBefore(iat - 10)
    .setExpirationTime(options.exp ?? iat + 3600)
    .sign(key);
}
