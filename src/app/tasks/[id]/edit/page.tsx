import type { PageSearchParams } from '@/messages/notices';
import { EditTaskPage } from '@/ui/edit-task-page';
import { loadEditTaskPage } from '../../../_loaders/edit-task-page';

// A personal task's rename page. Signed-out visitors never get here: src/proxy.ts sends them to sign in.
export default async function PersonalEditTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  return <EditTaskPage {...await loadEditTaskPage('/', id, query)} />;
}
