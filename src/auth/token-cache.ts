import { decodeJwt } from 'jose';

export interface TokenKey {
  sessionId: string;
  userId: string;
  orgId: string | null;
  kind: string;
}

/** The organization a token acts for, read as the database's requesting_org_id() reads it; null: none. */
export function orgClaimOf(token: string): string | null {
  const claims = decodeJwt(token);
  const nested = claims.o && typeof claims.o === 'object' ? (claims.o as { id?: unknown }).id : undefined;
  for (const id of [claims.org_id, nested]) if (typeof id === 'string' && id !== '') return id;
  return null;
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

const keyOf = ({ sessionId, userId, orgId, kind }: TokenKey) => JSON.stringify([sessionId, userId, orgId, kind]);

/** Short-lived JWTs by session, user, organization and kind; never served for another user or list. */
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

  set(key: TokenKey, token: string): boolean {
    const { sub, exp } = decodeJwt(token);
    if (sub !== key.userId || !exp || orgClaimOf(token) !== key.orgId) return false;
    const id = keyOf(key);
    this.entries.delete(id);
    this.entries.set(id, { ...key, token, expiresAtMs: exp * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return true;
  }

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
        const orgId = orgClaimOf(token);
        if (orgId !== key.orgId) throw new TokenListMismatch(orgId);
        if (!flight.dropped) this.set(key, token);
        return token;
      } finally {
        if (this.flights.get(id) === flight) this.flights.delete(id);
      }
    })();
    this.flights.set(id, flight);
    return flight.promise;
  }

  drop(match: Partial<TokenKey> & { token?: string }): void {
    const matches = (entry: TokenKey) =>
      (match.sessionId === undefined || entry.sessionId === match.sessionId) &&
      (match.userId === undefined || entry.userId === match.userId) &&
      (match.orgId === undefined || entry.orgId === match.orgId) &&
      (match.kind === undefined || entry.kind === match.kind);
    for (const [id, entry] of this.entries) {
      if (matches(entry) && (match.token === undefined || entry.token === match.token)) this.entries.delete(id);
    }
    if (match.token !== undefined) return;
    for (const [id, flight] of this.flights) {
      const [sessionId, userId, orgId, kind] = JSON.parse(id) as [string, string, string | null, string];
      if (matches({ sessionId, userId, orgId, kind })) {
        flight.dropped = true;
        this.flights.delete(id);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

export class TokenSubjectMismatch extends Error {
  constructor() {
    super("The fetched token's sub is not the session's user");
    this.name = 'TokenSubjectMismatch';
  }
}

export class TokenListMismatch extends Error {
  constructor(readonly tokenOrgId: string | null) {
    super("The fetched token's organization is not the one asked for");
    this.name = 'TokenListMismatch';
  }
}
