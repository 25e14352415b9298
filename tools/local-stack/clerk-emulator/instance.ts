import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  type CryptoKey,
  type JWK,
} from 'jose';
import { writeFileAtomic } from './persistence.ts';
import { newWebhookSecret } from './webhooks.ts';

/** The emulated Clerk instance's identity: signing key pair and API keys, kept across restarts. */
export interface InstanceIdentity {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyPem: string;
  publicJwk: JWK;
  secretKey: string;
  /** Signs outgoing webhooks (`whsec_...`, Clerk Dashboard → Webhooks → Signing Secret). */
  webhookSecret: string;
}

interface StoredIdentity {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
  secretKey: string;
  /** Absent in files written before webhooks existed: added on the next start. */
  webhookSecret?: string;
}

export async function loadOrCreateIdentity(dataDir: string): Promise<InstanceIdentity> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'instance.json');
  let stored: StoredIdentity;
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as StoredIdentity;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // RSA-2048 with e=65537: the only shape @clerk/backend's `jwtKey` (PEM) path accepts.
    const pair = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(pair.publicKey);
    stored = {
      kid: `ins_${(await calculateJwkThumbprint(jwk)).slice(0, 27)}`,
      privateKeyPem: await exportPKCS8(pair.privateKey),
      publicKeyPem: await exportSPKI(pair.publicKey),
      secretKey: `sk_live_${randomBytes(24).toString('base64url')}`,
      webhookSecret: newWebhookSecret(),
    };
    await writeFileAtomic(file, JSON.stringify(stored, null, 2), 0o600);
  }
  let webhookSecret = stored.webhookSecret;
  if (!webhookSecret) {
    webhookSecret = newWebhookSecret();
    await writeFileAtomic(file, JSON.stringify({ ...stored, webhookSecret }, null, 2), 0o600);
  }
  const privateKey = await importPKCS8(stored.privateKeyPem, 'RS256');
  const publicKey = await importSPKI(stored.publicKeyPem, 'RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: stored.kid, alg: 'RS256', use: 'sig' };
  return {
    kid: stored.kid,
    privateKey,
    publicKey,
    publicKeyPem: stored.publicKeyPem,
    publicJwk,
    secretKey: stored.secretKey,
    webhookSecret,
  };
}

/**
 * Production-style key (`pk_live_`): no dev-browser (`__clerk_db_jwt`) handshake. The encoded host
 * must contain a dot, so it is `127.0.0.1:PORT` (the SDK rejects `localhost:PORT`).
 */
export function publishableKeyFor(frontendApiHost: string): string {
  return `pk_live_${Buffer.from(`${frontendApiHost}$`).toString('base64').replace(/=+$/, '')}`;
}

/** Same derivation as @clerk/shared's getCookieSuffix: first 8 chars of base64url(sha1(publishable key)). */
export function cookieSuffixFor(publishableKey: string): string {
  return createHash('sha1').update(publishableKey).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
}
