// Signed-in sessions from the Clerk emulator for tests, e2e and benchmarks: users through the real
// @clerk/backend client, and a session minted by the emulator's /__emulator/sign-in (the cookies a
// browser would hold after signing in), so no sign-in page is needed to drive the app.
import { createClerkClient } from '@clerk/backend';
import { createTestUser } from './users.ts';

export interface ClerkEnv {
  CLERK_API_URL: string;
  CLERK_SECRET_KEY: string;
  CLERK_EMULATOR_URL: string;
}

export interface EmulatorSession {
  userId: string;
  sessionId: string;
  /** The __session JWT and the __client_uat value, as the browser's cookies hold them. */
  sessionToken: string;
  clientUat: string;
  /** `Cookie` header value: __session and __client_uat. */
  cookie: string;
  /** The emulator's own cookie for its client (Frontend API and handshake), on the emulator's browser origin. */
  clientCookie: { name: string; value: string };
}

export const sessionCookie = (token: string, clientUat: string) => `__session=${token}; __client_uat=${clientUat}`;

export function clerkEnvOf(env: Record<string, string | undefined>): ClerkEnv | undefined {
  const { CLERK_API_URL, CLERK_SECRET_KEY, CLERK_EMULATOR_URL } = env;
  return CLERK_API_URL && CLERK_SECRET_KEY && CLERK_EMULATOR_URL
    ? { CLERK_API_URL, CLERK_SECRET_KEY, CLERK_EMULATOR_URL }
    : undefined;
}

export class ClerkEmulatorClient {
  private backend;
  constructor(private env: ClerkEnv) {
    this.backend = createClerkClient({ apiUrl: env.CLERK_API_URL, secretKey: env.CLERK_SECRET_KEY });
  }

  async createUser(label: string): Promise<string> {
    return (await createTestUser(this.backend, label)).id;
  }

  /**
   * A fresh session (so a fresh token-cache entry in the app) for the user. `tokenLifetimeSeconds`
   * shortens the first session token, for tests that let it expire.
   */
  async signIn(userId: string, appUrl: string, tokenLifetimeSeconds?: number): Promise<EmulatorSession> {
    const response = await fetch(`${this.env.CLERK_EMULATOR_URL}/__emulator/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        user_id: userId,
        redirect_url: appUrl,
        session_token_lifetime_seconds: tokenLifetimeSeconds,
      }),
    });
    if (!response.ok) throw new Error(`emulator sign-in answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as {
      session_id: string;
      session_token: string;
      client_uat: string;
      client_cookie: { name: string; value: string };
    };
    return {
      userId,
      sessionId: body.session_id,
      sessionToken: body.session_token,
      clientUat: body.client_uat,
      cookie: sessionCookie(body.session_token, body.client_uat),
      clientCookie: body.client_cookie,
    };
  }

  /** The session's "supabase" template token, fetched the way the app fetches it. */
  async templateToken(sessionId: string): Promise<string> {
    const { jwt } = await this.backend.sessions.getToken(sessionId, 'supabase');
    return jwt;
  }

  async resetCounters(): Promise<void> {
    const response = await fetch(`${this.env.CLERK_EMULATOR_URL}/__emulator/counters/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`counter reset answered ${response.status}`);
  }

  /** Backend API calls by route since the last reset. */
  async backendCounters(): Promise<Record<string, number>> {
    const response = await fetch(`${this.env.CLERK_EMULATOR_URL}/__emulator/counters`);
    if (!response.ok) throw new Error(`counters answered ${response.status}`);
    return ((await response.json()) as { backend: Record<string, number> }).backend;
  }
}
