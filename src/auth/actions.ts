'use server';

import { redirect } from 'next/navigation';
import { withNotice } from '@/messages/notices';
import { sessionOfExpiredToken } from './expired-session';
import { requestAuth } from './request-auth';
import { endSession } from './sign-out';

/** Revokes the session at Clerk, so no other tab, token or later sign-in can resume it. */
export async function signOut(): Promise<void> {
  const { sessionId } = await requestAuth();
  const session = sessionId ?? (await sessionOfExpiredToken())?.sessionId;
  const ended = await endSession(session);
  redirect(ended ? '/' : withNotice('/', 'sign-out-failed'));
}
