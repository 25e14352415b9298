/** The path of an organization's list. */
export const orgListPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}`;

/** The list a session acts in, from its verified active organization (never from the form). */
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
