import { decodeJwt } from 'jose';

/** Which token: a Clerk session, the user it belongs to, and the token's kind (the template name). */
export interface TokenKey {
  sessionId: string;
  userId: string;
  kind: string;
}

interface Entry extends TokenKey {
  token: string;
  expiresAtMs: number;
}

interface Flight {
  promise: Promise<string>;
  // Set when the session or user is dropped while the fetch runs: its token must not be stored.
  dropped: boolean;
}

const keyOf = ({ sessionId, userId, kind }: TokenKey) => JSON.stringify([sessionId, userId, kind]);

/**
 * Bounded in-memory cache of short-lived JWTs, keyed by session, user and kind. A token is served
 * only while it is more than `refreshMarginMs` from expiry and its `sub` is the key's user, so a
 * session can never be handed another user's token. Concurrent misses for one key share one fetch.
 * Eviction is least-recently-used (a Map keeps insertion order; a hit re-inserts).
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new Map<string, Flight>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly refreshMarginMs = 10_000,
  ) {}

  get(key: TokenKey, nowMs = Date.now()): string | undefined {
    const id = keyOf(key);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expiresAtMs - this.refreshMarginMs <= nowMs) return undefined;
    this.entries.set(id, entry);
    return entry.token;
  }

  /** Stores `token` when its `sub` is the key's user and it has an expiry; returns whether it did. */
  set(key: TokenKey, token: string): boolean {
    const { sub, exp } = decodeJwt(token);
    if (sub !== key.userId || !exp) return false;
    const id = keyOf(key);
    this.entries.delete(id);
    this.entries.set(id, { ...key, token, expiresAtMs: exp * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return true;
  }

  /**
   * The cached token, else the one `fetch` returns, fetched once for all callers missing together.
   * A fetched token whose `sub` is not the key's user is returned to no one: the call throws.
   */
  async getOrFetch(key: TokenKey, fetch: () => Promise<string>): Promise<string> {
    const cached = this.get(key);
    if (cached) return cached;
    const id = keyOf(key);
    const inFlight = this.flights.get(id);
    if (inFlight) return inFlight.promise;
    const flight: Flight = { dropped: false, promise: Promise.resolve('') };
    flight.promise = (async () => {
      try {
        const token = await fetch();
        if (decodeJwt(token).sub !== key.userId) throw new TokenSubjectMismatch();
        if (!flight.dropped) this.set(key, token);
        return token;
      } finally {
        if (this.flights.get(id) === flight) this.flights.delete(id);
      }
    })();
    this.flights.set(id, flight);
    return flight.promise;
  }

  /** Drops matching tokens, and keeps fetches under way for them from being stored. */
  drop(match: Partial<TokenKey> & { token?: string }): void {
    const matches = (entry: TokenKey) =>
      (match.sessionId === undefined || entry.sessionId === match.sessionId) &&
      (match.userId === undefined || entry.userId === match.userId) &&
      (match.kind === undefined || entry.kind === match.kind);
    for (const [id, entry] of this.entries) {
      if (matches(entry) && (match.token === undefined || entry.token === match.token)) this.entries.delete(id);
    }
    if (match.token !== undefined) return;
    for (const [id, flight] of this.flights) {
      const [sessionId, userId, kind] = JSON.parse(id) as [string, string, string];
      if (matches({ sessionId, userId, kind })) {
        flight.dropped = true;
        this.flights.delete(id);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Clerk returned a token for another user than the session's: never serve or cache it. */
export class TokenSubjectMismatch extends Error {
  constructor() {
    super("The fetched token's sub is not the session's user");
    this.name = 'TokenSubjectMismatch';
  }
}
