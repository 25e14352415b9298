import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.ts';

describe('TokenCache', () => {
  it('serves a token until the refresh margin before its expiry', () => {
    const cache = new TokenCache(10, 10_000);
    cache.set('sess_1', 'jwt-a', 100_000);
    expect(cache.get('sess_1', 50_000)).toBe('jwt-a');
    expect(cache.get('sess_1', 89_999)).toBe('jwt-a');
    expect(cache.get('sess_1', 90_000)).toBeUndefined();
    // An expired entry is dropped, not kept around.
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new TokenCache(2, 0);
    cache.set('a', 'A', Infinity);
    cache.set('b', 'B', Infinity);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C', Infinity);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('forgets every token of a session by prefix', () => {
    const cache = new TokenCache();
    cache.set('sess_1:supabase', 'x', Infinity);
    cache.set('sess_1:other', 'y', Infinity);
    cache.set('sess_2:supabase', 'z', Infinity);
    cache.deleteByPrefix('sess_1:');
    expect(cache.get('sess_1:supabase')).toBeUndefined();
    expect(cache.get('sess_1:other')).toBeUndefined();
    expect(cache.get('sess_2:supabase')).toBe('z');
  });
});
