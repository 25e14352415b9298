import { hkdfSync, randomUUID } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';

const intentSchema = z.object({
  action: z.string(),
  /** The form's fields as submitted (text), validated again when the intent is completed. */
  input: z.record(z.string(), z.string()),
  userId: z.string(),
  sessionId: z.string(),
  /** One-time id: completing an intent records it, so a replay is refused. */
  id: z.uuid(),
});
export type Intent = z.infer<typeof intentSchema>;

export const INTENT_LIFETIME_SECONDS = 600;

const keyOf = (secret: string) => new Uint8Array(hkdfSync('sha256', secret, '', 'task-intent-cookie', 32));

export function sealIntent(intent: Omit<Intent, 'id'>, secret: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new EncryptJWT({ ...intent, id: randomUUID() })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + INTENT_LIFETIME_SECONDS)
    .encrypt(keyOf(secret));
}

export async function openIntent(value: string, secret: string): Promise<Intent | 'expired' | 'invalid'> {
  try {
    const { payload } = await jwtDecrypt(value, keyOf(secret), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    const parsed = intentSchema.safeParse(payload);
    return parsed.success ? parsed.data : 'invalid';
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid';
  }
}
