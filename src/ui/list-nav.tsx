import type { Membership } from '@/orgs/directory';
import { orgListPath } from '@/orgs/active-list';

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
            {/* A full page load: Clerk's handshake, which switches the organization, runs only for documents. */}
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
