import { notFound } from 'next/navigation';
import { requestAuth } from '@/auth/request-auth';
import type { PageSearchParams } from '@/tasks/form-state';
import EditTaskPage from '@/app/tasks/[id]/edit/page';

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
  if (!orgSlug || orgSlug !== slug) notFound();
  // Back to this organization's list unless the link named a view of it (filter, page).
  const back = typeof query.back === 'string' ? query.back : `/orgs/${encodeURIComponent(orgSlug)}`;
  return EditTaskPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve({ ...query, back }) });
}
