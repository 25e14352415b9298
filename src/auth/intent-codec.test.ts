import { describe, expect, it } from 'vitest';
import { openIntent, sealIntent } from './intent-codec.ts';

const SECRET = 'sk_test_intent-codec-secret';
const intent = { action: 'createTask', input: { name: '買い物'.repeat(125) }, userId: 'user_a', sessionId: 'sess_a' };

describe('intent cookie value', () => {
  it('round-trips, with a fresh one-time id, and keeps 500 CJK characters within a cookie', async () => {
    const value = await sealIntent(intent, SECRET);
    expect(value.length).toBeLessThan(3800);
    const opened = await openIntent(value, SECRET);
    expect(opened).toMatchObject(intent);
    const again = await openIntent(await sealIntent(intent, SECRET), SECRET);
    expect(typeof opened === 'object' && typeof again === 'object' && opened.id !== again.id).toBe(true);
  });

  it('is opaque: the typed text does not appear in it', async () => {
    const value = await sealIntent({ ...intent, input: { name: 'secret plans' } }, SECRET);
    expect(value).not.toContain('secret');
    expect(Buffer.from(value.split('.')[3] ?? '', 'base64url').toString()).not.toContain('secret plans');
  });

  it('refuses one sealed with another secret, a tampered one, and garbage', async () => {
    const value = await sealIntent(intent, SECRET);
    expect(await openIntent(value, 'sk_test_another-secret')).toBe('invalid');
    const parts = value.split('.');
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = ciphertext.toString('base64url');
    expect(await openIntent(parts.join('.'), SECRET)).toBe('invalid');
    expect(await openIntent('not-a-jwe', SECRET)).toBe('invalid');
  });

  it('says expired after ten minutes', async () => {
    const value = await sealIntent(intent, SECRET, new Date(Date.now() - 601_000));
    expect(await openIntent(value, SECRET)).toBe('expired');
  });
});
