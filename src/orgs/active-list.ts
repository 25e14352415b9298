/** The path of an organization's list. */
export const orgListPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}`;

/**
 * The list a session acts in, from its verified active organization (never from the form): that
 * organization's list, else the personal one. It is the list the last page load activated, which is
 * also where a new task lands (the database fills org_id from the same token).
 */
export const activeListPath = (orgSlug: string | null | undefined) => (orgSlug ? orgListPath(orgSlug) : '/');

/** The organization slug a list path names (`/orgs/<slug>`), undefined for the personal list (`/`). */
export function orgSlugOfList(listPath: string): string | undefined {
  const match = /^\/orgs\/([^/]+)$/.exec(listPath);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1];
  }
}
