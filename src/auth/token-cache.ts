/**
 * Bounded in-memory cache of short-lived JWTs, keyed by session. A token is served until
 * `refreshMarginMs` before its expiry, so callers never hand out one that is about to lapse.
 * Eviction is least-recently-used (a Map keeps insertion order; a hit re-inserts).
 */
export class TokenCache {
  private readonly entries = new Map<string, { token: string; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly refreshMarginMs = 10_000,
  ) {}

  get(key: string, nowMs = Date.now()): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAtMs - this.refreshMarginMs <= nowMs) return undefined;
    this.entries.set(key, entry);
    return entry.token;
  }

  set(key: string, token: string, expiresAtMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { token, expiresAtMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Drops every entry whose key starts with `prefix` (e.g. all tokens of a signed-out session). */
  deleteByPrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
