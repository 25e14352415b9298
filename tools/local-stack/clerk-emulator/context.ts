import type { UserDeletedJSON } from '@clerk/backend';
import type { InstanceIdentity } from './instance.ts';
import type { Store } from './store.ts';
import type { TokenSettings } from './tokens.ts';
import type { AppCookieContext } from './app-cookies.ts';
import type { Counters } from './counters.ts';
import type { WebhookSender } from './webhooks.ts';
import type { FlowState } from './frontend-flows.ts';

/** Everything the route modules share. */
export interface EmulatorContext {
  store: Store;
  identity: InstanceIdentity;
  tokens: TokenSettings;
  publishableKey: string;
  cookieSuffix: string;
  /** http://127.0.0.1:PORT — what servers use (CLERK_API_URL). */
  apiOrigin: string;
  /** http://localhost:PORT — what browsers use (proxy URL, hosted pages), same site as http://localhost:3000. */
  browserOrigin: string;
  appUrl: URL;
  /** Origins the app may be reached at: redirect targets and CORS are limited to these. */
  appOrigins: Set<string>;
  counters: Counters;
  /** Handshake nonces → cookie directives, resolved by the SDK through the Backend API. */
  handshakeNonces: Map<string, { directives: string[]; expiresAt: number }>;
  webhooks: WebhookSender;
  /** In-progress Frontend API sign-ins and sign-ups, and the verification codes "sent". */
  flows: FlowState;
  log: (line: string) => void;
}

/** The emulator's own browser cookie. Not port-isolated, so it must not look like any Clerk app cookie. */
export const CLIENT_COOKIE = '__emulator_client';

/** A redirect target on one of the app's origins, else null (no open redirect). */
export function allowedAppUrl(ctx: EmulatorContext, candidate: string | undefined | null): URL | null {
  if (!candidate) return null;
  try {
    const url = new URL(candidate);
    return ctx.appOrigins.has(url.origin) ? url : null;
  } catch {
    return null;
  }
}

export function appCookieContext(ctx: EmulatorContext, target: URL): AppCookieContext {
  return { hostname: target.hostname, secure: target.protocol === 'https:', cookieSuffix: ctx.cookieSuffix };
}

/** Deletes a user (ending its sessions) and sends `user.deleted`, as Clerk does; false when there was no such user. */
export async function deleteUserAndNotify(ctx: EmulatorContext, userId: string): Promise<boolean> {
  const externalId = ctx.store.getUser(userId)?.externalId;
  if (!ctx.store.deleteUser(userId)) return false;
  await ctx.store.save();
  const data: UserDeletedJSON = { deleted: true, id: userId, object: 'user' };
  // The spec types external_id as a string: it is left out rather than sent as null.
  if (externalId) data.external_id = externalId;
  ctx.webhooks.send('user.deleted', { ...data });
  return true;
}
