import { UnsecuredJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { TokenCache, TokenListMismatch, TokenSubjectMismatch, type TokenKey } from './token-cache.ts';

/** An unsigned JWT: the cache only reads `sub` and `exp`. */
const jwt = (sub: string, expSeconds: number, label = '') =>
  new UnsecuredJWT({ label }).setSubject(sub).setExpirationTime(expSeconds).encode();

const key = (sessionId: string, userId = 'user_a', kind = 'supabase', orgId: string | null = null): TokenKey => ({
  sessionId,
  userId,
  orgId,
  kind,
});
const FAR = 4_000_000_000; // seconds: a token that does not expire during the tests

describe('TokenCache', () => {
  it('serves a token until the refresh margin before its expiry', () => {
    const cache = new TokenCache(10, 10_000);
    const token = jwt('user_a', 100);
    cache.set(key('sess_1'), token);
    expect(cache.get(key('sess_1'), 50_000)).toBe(token);
    expect(cache.get(key('sess_1'), 89_999)).toBe(token);
    expect(cache.get(key('sess_1'), 90_000)).toBeUndefined();
    // An expired entry is dropped, not kept around.
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new TokenCache(2, 0);
    const [a, b, c] = ['a', 'b', 'c'].map((label) => jwt('user_a', FAR, label));
    cache.set(key('a'), a!);
    cache.set(key('b'), b!);
    expect(cache.get(key('a'))).toBe(a); // a is now the most recent
    cache.set(key('c'), c!);
    expect(cache.size).toBe(2);
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBe(a);
    expect(cache.get(key('c'))).toBe(c);
  });

  it("never stores a token whose sub is not the key's user, nor one without exp", () => {
    const cache = new TokenCache();
    expect(cache.set(key('sess_1', 'user_a'), jwt('user_b', FAR))).toBe(false);
    expect(cache.set(key('sess_1', 'user_a'), new UnsecuredJWT({}).setSubject('user_a').encode())).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('N concurrent misses for one session make one fetch, and the token is cached', async () => {
    const cache = new TokenCache();
    const token = jwt('user_a', FAR);
    let release!: () => void;
    const fetch = vi.fn(() => new Promise<string>((resolve) => (release = () => resolve(token))));
    const waiting = Array.from({ length: 20 }, () => cache.getOrFetch(key('sess_1'), fetch));
    release();
    expect(await Promise.all(waiting)).toEqual(Array(20).fill(token));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await cache.getOrFetch(key('sess_1'), fetch)).toBe(token);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a failed fetch is shared by the callers waiting on it, and the next call tries again', async () => {
    const cache = new TokenCache();
    const fetch = vi.fn().mockRejectedValueOnce(new Error('clerk down')).mockResolvedValue(jwt('user_a', FAR));
    const results = await Promise.allSettled([1, 2, 3].map(() => cache.getOrFetch(key('sess_1'), fetch)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await cache.getOrFetch(key('sess_1'), fetch)).toMatch(/\./);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('fetches again for another user on the same session id, and refuses a fetched token of another user', async () => {
    const cache = new TokenCache();
    const tokenA = jwt('user_a', FAR);
    const tokenB = jwt('user_b', FAR);
    await cache.getOrFetch(key('sess_1', 'user_a'), async () => tokenA);
    const fetchB = vi.fn(async () => tokenB);
    expect(await cache.getOrFetch(key('sess_1', 'user_b'), fetchB)).toBe(tokenB);
    expect(fetchB).toHaveBeenCalledTimes(1);

    await expect(cache.getOrFetch(key('sess_2', 'user_a'), async () => tokenB)).rejects.toBeInstanceOf(
      TokenSubjectMismatch,
    );
    expect(cache.get(key('sess_2', 'user_a'))).toBeUndefined();
  });

  it('drops by session, by user, or one token only', () => {
    const cache = new TokenCache();
    const tokens = {
      s1: jwt('user_a', FAR, 's1'),
      s1other: jwt('user_a', FAR, 's1other'),
      s2: jwt('user_a', FAR, 's2'),
      s3: jwt('user_b', FAR, 's3'),
    };
    cache.set(key('sess_1'), tokens.s1);
    cache.set(key('sess_1', 'user_a', 'other'), tokens.s1other);
    cache.set(key('sess_2'), tokens.s2);
    cache.set(key('sess_3', 'user_b'), tokens.s3);

    cache.drop({ sessionId: 'sess_1', token: 'not the cached one' });
    expect(cache.size).toBe(4);
    cache.drop({ sessionId: 'sess_1', token: tokens.s1 });
    expect(cache.get(key('sess_1'))).toBeUndefined();
    expect(cache.get(key('sess_1', 'user_a', 'other'))).toBe(tokens.s1other);

    cache.drop({ sessionId: 'sess_1' });
    expect(cache.get(key('sess_1', 'user_a', 'other'))).toBeUndefined();
    cache.drop({ userId: 'user_a' });
    expect(cache.get(key('sess_2'))).toBeUndefined();
    expect(cache.get(key('sess_3', 'user_b'))).toBe(tokens.s3);
  });

  it('a token fetched while its session is dropped is returned to its callers but not stored', async () => {
    const cache = new TokenCache();
    let release!: () => void;
    const token = jwt('user_a', FAR);
    const pending = cache.getOrFetch(
      key('sess_1'),
      () => new Promise<string>((resolve) => (release = () => resolve(token))),
    );
    cache.drop({ sessionId: 'sess_1' });
    release();
    expect(await pending).toBe(token);
    expect(cache.size).toBe(0);
  });

  it("neither stores nor serves a token whose organization claim is not the key's", async () => {
    const cache = new TokenCache();
    const orgToken = new UnsecuredJWT({ org_id: 'org_1' }).setSubject('user_a').setExpirationTime(FAR).encode();
    const nativeOrgToken = new UnsecuredJWT({ o: { id: 'org_1' } })
      .setSubject('user_a')
      .setExpirationTime(FAR)
      .encode();
    expect(cache.set(key('sess_1'), orgToken)).toBe(false);
    expect(cache.set(key('sess_1', 'user_a', 'supabase', 'org_2'), nativeOrgToken)).toBe(false);
    expect(cache.set(key('sess_1', 'user_a', 'supabase', 'org_1'), nativeOrgToken)).toBe(true);

    const personal = key('sess_2');
    await expect(cache.getOrFetch(personal, async () => orgToken)).rejects.toBeInstanceOf(TokenListMismatch);
    expect(cache.get(personal)).toBeUndefined();
    const team = key('sess_2', 'user_a', 'supabase', 'org_1');
    const empty = new UnsecuredJWT({ org_id: '' }).setSubject('user_a').setExpirationTime(FAR).encode();
    await expect(cache.getOrFetch(team, async () => empty)).rejects.toMatchObject({ tokenOrgId: null });
    expect(await cache.getOrFetch(team, async () => orgToken)).toBe(orgToken);
    expect(cache.get(team)).toBe(orgToken);
  });
});
