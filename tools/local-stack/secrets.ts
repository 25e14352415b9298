// The local stack's secrets: generated on first start, kept in <dataDir>/secrets.json (gitignored),
// never committed. The API keys are derived from the JWT secret the way Supabase's legacy anon and
// service_role keys are: HS256 JWTs whose `role` claim PostgREST switches to.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, type JWK } from 'jose';

export interface StackSecrets {
  /** Stand-in for a Supabase project's JWT secret (HS256). */
  jwtSecret: string;
  /** Password of the embedded PostgreSQL's `postgres` superuser. */
  postgresPassword: string;
  /** Password PostgREST logs in with as `authenticator`. */
  authenticatorPassword: string;
  /** ISO time of generation; the API keys' `iat`. */
  createdAt: string;
}

export interface ApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 60 * 60;

export function secretsFile(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

/** Reads <dataDir>/secrets.json, creating it (mode 600) with fresh random values when absent. */
export async function loadOrCreateSecrets(dataDir: string): Promise<StackSecrets> {
  const file = secretsFile(dataDir);
  const existing = await readSecrets(file);
  if (existing) return existing;
  const secrets: StackSecrets = {
    jwtSecret: randomToken(48),
    postgresPassword: randomToken(24),
    authenticatorPassword: randomToken(24),
    createdAt: new Date().toISOString(),
  };
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two stacks starting at once on one data dir must not overwrite each other's secrets.
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readSecrets(file);
    if (winner) return winner;
    throw error;
  }
  return secrets;
}

async function readSecrets(file: string): Promise<StackSecrets | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StackSecrets>;
  for (const key of ['jwtSecret', 'postgresPassword', 'authenticatorPassword', 'createdAt'] as const) {
    if (typeof parsed[key] !== 'string' || parsed[key] === '') {
      throw new Error(`${file} is missing "${key}": restore it, or delete the whole data directory to start over`);
    }
  }
  return parsed as StackSecrets;
}

/** URL- and SQL-literal-safe random text (base64url of `bytes` random bytes). */
function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** The anon and service_role keys. Deterministic for given secrets, so they stay the same across restarts. */
export async function deriveApiKeys(secrets: StackSecrets): Promise<ApiKeys> {
  const issuedAt = Math.floor(Date.parse(secrets.createdAt) / 1000);
  const sign = (role: 'anon' | 'service_role') =>
    new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('supabase-demo')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + TEN_YEARS_SECONDS)
      .sign(new TextEncoder().encode(secrets.jwtSecret));
  const [anonKey, serviceRoleKey] = await Promise.all([sign('anon'), sign('service_role')]);
  return { anonKey, serviceRoleKey };
}

/** The JWT secret as a JWK, the form PostgREST's JWKS `jwt-secret` takes it in. */
export function hs256Jwk(jwtSecret: string): JWK {
  return { kty: 'oct', alg: 'HS256', k: Buffer.from(jwtSecret, 'utf8').toString('base64url') };
}
