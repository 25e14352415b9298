import { notFound } from 'next/navigation';
import { requestAuth } from '@/auth/request-auth';
import { orgListPath } from '@/orgs/active-list';
import type { PageSearchParams } from '@/tasks/form-state';
import { EditTaskScreen } from '@/ui/edit-task-screen';

// An organization task's rename page: under the organization's path, so loading it keeps (or makes) that
// organization the active one, as on the list (src/proxy.ts). Anyone not a member gets the not-found page.
export default async function EditOrganizationTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ slug, id }, query, { orgSlug }] = await Promise.all([params, searchParams, requestAuth()]);
  if (orgSlug !== slug) notFound();
  return <EditTaskScreen listPath={orgListPath(slug)} id={id} query={query} />;
}
