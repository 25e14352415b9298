export const orgListPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}`;

/** The list a session acts in, from its verified active organization (never from the form). */
export const activeListPath = (orgSlug: string | null | undefined) => (orgSlug ? orgListPath(orgSlug) : '/');

export function orgSlugOf(pathname: string): string | undefined {
  const match = /^\/orgs\/([^/]+)(?:\/|$)/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return ''; // malformed escapes name no organization
  }
}
