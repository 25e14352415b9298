'use server';

import { auth, clerkClient } from '@clerk/nextjs/server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { forgetSessionTokens } from './supabase-token';

/** Ends the Clerk session (revoked at Clerk, so no other tab or token can use it) and its cookies. */
export async function signOut(): Promise<void> {
  const { sessionId } = await auth();
  if (sessionId) {
    forgetSessionTokens(sessionId);
    try {
      await (await clerkClient()).sessions.revokeSession(sessionId);
    } catch (error) {
      // The cookies are cleared below either way; the session then lapses with its token.
      console.error('[sign-out] could not revoke the Clerk session:', error instanceof Error ? error.message : error);
    }
  }
  const store = await cookies();
  for (const { name } of store.getAll()) {
    if (/^(__session|__refresh|__clerk_db_jwt)/.test(name)) store.delete(name);
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
  redirect('/');
}
