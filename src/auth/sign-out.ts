import 'server-only';
import { clerkClient } from '@clerk/nextjs/server';
import { cookies } from 'next/headers';
import { APP_COOKIE_NAMES } from './app-cookies';
import { forgetSessionTokens } from './supabase-token';

export async function endSession(sessionId: string | undefined): Promise<boolean> {
  if (sessionId) {
    forgetSessionTokens(sessionId);
    try {
      await (await clerkClient()).sessions.revokeSession(sessionId);
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 4xx: Clerk no longer has this session as active (already ended, revoked or expired).
      if (!(status && status >= 400 && status < 500)) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(JSON.stringify({ event: 'sign_out_failed', sessionId, status, message }));
        return false;
      }
    }
  }
  await clearBrowserSession();
  return true;
}

async function clearBrowserSession(): Promise<void> {
  const store = await cookies();
  for (const { name } of store.getAll()) {
    if (/^(__session|__refresh|__clerk_db_jwt)/.test(name)) store.delete(name);
    if (APP_COOKIE_NAMES.includes(name)) {
      store.set(name, '', { path: '/', maxAge: 0, secure: name.startsWith('__Host-'), httpOnly: true });
    }
  }
  // __client_uat=0 tells Clerk's middleware "signed out" without a handshake.
  const clientUatNames = new Set([
    '__client_uat',
    ...store
      .getAll()
      .map(({ name }) => name)
      .filter((name) => name.startsWith('__client_uat')),
  ]);
  for (const name of clientUatNames) store.set(name, '0', { path: '/', sameSite: 'lax' });
}
