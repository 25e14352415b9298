import { notFound } from 'next/navigation';
import { requestAuth } from '@/auth/request-auth';
import type { PageSearchParams } from '@/messages/notices';
import { orgListPath } from '@/orgs/active-list';
import { membershipsOf, roleName } from '@/orgs/directory';
import { TaskListPage } from '@/ui/task-list-page';
import { loadTaskListPage } from '../../_loaders/task-list-page';

export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ slug }, query, { userId, orgSlug, orgRole }] = await Promise.all([params, searchParams, requestAuth()]);
  if (!userId) notFound();
  // The name is only for the heading: without Clerk's directory the slug stands in.
  const memberships = await membershipsOf(userId).catch(() => undefined);
  const membership = memberships?.find((m) => m.slug === slug);
  if (orgSlug !== slug && memberships && !membership) notFound();
  const page = await loadTaskListPage({
    userId,
    params: query,
    listPath: orgListPath(slug),
    heading: `${membership?.name ?? slug} tasks`,
    org: { role: orgSlug === slug ? roleName(orgRole ?? '') : '' },
  });
  return <TaskListPage {...page} />;
}
