import { notFound } from 'next/navigation';
import { requestAuth } from '@/auth/request-auth';
import { orgListPath } from '@/orgs/active-list';
import { membershipsOf } from '@/orgs/directory';
import { noticeOf, type PageSearchParams } from '@/tasks/form-state';
import { Notice } from '@/ui/notice';
import { TasksScreen } from '@/ui/tasks-screen';

// An organization's shared list. Loading it made Clerk's handshake (src/proxy.ts) activate the organization
// when the user is a member; for anyone else the session keeps its previous list, so the slugs differ and
// the page is not found. RLS would return none of its rows to them anyway.
export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ slug }, query, { userId, orgId, orgSlug, orgRole }] = await Promise.all([
    params,
    searchParams,
    requestAuth(),
  ]);
  if (!userId || !orgId || !orgSlug || orgSlug !== slug) notFound();
  const role = (orgRole ?? '').replace(/^org:/, '');
  // The name is only for the heading: without Clerk's directory the slug stands in.
  const name = (await membershipsOf(userId).catch(() => [])).find((m) => m.orgId === orgId)?.name ?? orgSlug;
  const notice = noticeOf(query);

  return (
    <TasksScreen
      userId={userId}
      params={query}
      notice={notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      listPath={orgListPath(orgSlug)}
      heading={`${name} tasks`}
      org={{ role }}
    />
  );
}
