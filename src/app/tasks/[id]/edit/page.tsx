import type { PageSearchParams } from '@/tasks/form-state';
import { EditTaskScreen } from '@/ui/edit-task-screen';

// A personal task's rename page. Signed-out visitors never get here: src/proxy.ts sends them to sign in.
export default async function EditTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  return <EditTaskScreen listPath="/" id={id} query={query} />;
}
