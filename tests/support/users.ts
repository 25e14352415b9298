// The one way tests, e2e and benchmarks make Clerk users: through the real @clerk/backend client
// (against the emulator), each with a unique email and a password that can sign in on the hosted page.
import { randomUUID } from 'node:crypto';
import type { ClerkClient } from '@clerk/backend';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** A new user whose email starts with `label` (and whose first name is `label`), so logs show who is who. */
export async function createTestUser(clerk: ClerkClient, label: string): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await clerk.users.createUser({ emailAddress: [email], password, firstName: label });
  return { id: user.id, email, password };
}

export interface SessionUser {
  userId: string;
  sessionId: string;
}

/** A new user with an active session made at the Backend API, for tokens fetched the way the SDK fetches them. */
export async function createSessionUser(clerk: ClerkClient, label: string): Promise<SessionUser> {
  const user = await createTestUser(clerk, label);
  const session = await clerk.sessions.createSession({ userId: user.id });
  return { userId: user.id, sessionId: session.id };
}
