import { notFound } from 'next/navigation';
import { requestAuth } from '@/auth/request-auth';
import type { PageSearchParams } from '@/messages/notices';
import { orgListPath } from '@/orgs/active-list';
import { EditTaskPage } from '@/ui/edit-task-page';
import { loadEditTaskPage } from '../../../../../_loaders/edit-task-page';

// Under the organization's path, so loading it keeps (or makes) that organization the active one.
export default async function OrganizationEditTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ slug, id }, query, { orgSlug }] = await Promise.all([params, searchParams, requestAuth()]);
  if (orgSlug !== slug) notFound();
  return <EditTaskPage {...await loadEditTaskPage(orgListPath(slug), id, query)} />;
}
