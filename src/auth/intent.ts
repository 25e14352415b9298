import 'server-only';
import { serverEnv } from '@/env';
import { setAppCookie, takeAppCookie } from './app-cookies';
import { INTENT_LIFETIME_SECONDS, openIntent, sealIntent, type Intent } from './intent-codec';

// A form posted without JavaScript after the one-minute Clerk session token expired arrives signed out.

export type { Intent };

export const CONTINUE_URL = '/auth/continue';

/** Browsers keep cookies up to 4096 bytes; leave room for the name and attributes. */
const MAX_INTENT_COOKIE_BYTES = 3800;

export async function parkIntent(intent: Omit<Intent, 'id'>): Promise<boolean> {
  const value = await sealIntent(intent, serverEnv().CLERK_SECRET_KEY);
  if (value.length > MAX_INTENT_COOKIE_BYTES) return false;
  await setAppCookie('task_intent', value, INTENT_LIFETIME_SECONDS);
  return true;
}

/** Reads the parked intent and clears its cookie, so a browser completes it at most once. */
export async function takeIntent(): Promise<{ intent: Intent } | { problem: 'none' | 'expired' | 'invalid' }> {
  const value = await takeAppCookie('task_intent');
  if (!value) return { problem: 'none' };
  const opened = await openIntent(value, serverEnv().CLERK_SECRET_KEY);
  return typeof opened === 'string' ? { problem: opened } : { intent: opened };
}
