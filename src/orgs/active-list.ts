import 'server-only';
import { requestAuth } from '@/auth/request-auth';

/** The path of an organization's list. */
export const orgListPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}`;

/**
 * The list the session is acting in, from the verified session (never from the form): its active
 * organization's list, else the personal one. It is the list the last page load activated, which is
 * also where a new task lands (the database fills org_id from the same token).
 */
export async function activeListPath(): Promise<string> {
  const { orgSlug } = await requestAuth();
  return orgSlug ? orgListPath(orgSlug) : '/';
}
