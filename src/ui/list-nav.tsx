import type { Membership } from '@/orgs/directory';
import { orgListPath } from '@/orgs/active-list';

/** Plain links between the personal list and each organization's (no client JavaScript needed). */
export function ListNav({ current, memberships }: { current: string; memberships: readonly Membership[] }) {
  const lists = [
    { path: '/', name: 'Personal', role: undefined },
    ...memberships.map((m) => ({ path: orgListPath(m.slug), name: m.name, role: m.role })),
  ];
  return (
    <nav className="list-nav" aria-label="Lists">
      <ul>
        {lists.map((list) => (
          <li key={list.path}>
            {/* A plain link, a full page load: Clerk's handshake, which switches the organization, runs only for
                documents, never for a client-side navigation's fetch. */}
            <a href={list.path} aria-current={list.path === current ? 'page' : undefined}>
              {list.name}
            </a>
            {list.role ? <span className="list-role"> ({list.role})</span> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
