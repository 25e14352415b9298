import 'server-only';
import { ListSwitchedError } from '@/auth/supabase-token';
import type { MessageCode } from '@/messages/messages';
import { noticeOf, single, type PageSearchParams } from '@/messages/notices';
import { orgListPath } from '@/orgs/active-list';
import { listHeader, rowAuthority, type ListHeader } from '@/orgs/list-scope';
import { toTaskServiceError } from '@/supabase/errors';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { viewOf } from '@/tasks/list-view';
import { decodeCursor, getTaskPage, type TaskPage } from '@/tasks/queries';
import type { TaskListPageProps } from '@/ui/task-list-page';
import type { RowExtras } from '@/ui/task-list-section';

export async function loadTaskListPage({
  userId,
  params,
  listPath = '/',
  heading = 'Your tasks',
  org,
}: {
  userId: string;
  params: PageSearchParams;
  listPath?: string;
  heading?: string;
  /** An organization's list, with the viewer's role there (from the verified session). */
  org?: { role: string };
}): Promise<TaskListPageProps> {
  const view = viewOf(listPath, params);
  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const position = { older: decodeCursor(view.older), newer: decodeCursor(view.newer) };
  const [{ page, failure, switched }, header] = await Promise.all([
    readPage(listPath, { ...position, show: view.show }),
    listHeader(userId),
  ]);
  const shown = { heading, listPath, header, notice: noticeOf(params), view };
  if (switched) return { ...shown, holding: { activeList: listLabel(switched.activeList, header) } };
  // In an organization's list each row says who added it, and Delete shows only where RLS allows it.
  const authority = page && org ? await rowAuthority(userId, org.role, page.tasks) : undefined;
  const rowExtras: RowExtras | undefined = authority
    ? (task) => ({ by: authority.creators.get(task.user_id), canDelete: authority.canDelete(task.user_id) })
    : undefined;
  return {
    ...shown,
    page,
    failure,
    rowExtras,
    newTaskDraft: draft && !draft.taskId ? draft.name : undefined,
    confirmClearCompleted: single(params.confirm) === 'clear-completed',
  };
}

function listLabel(path: string | undefined, header: ListHeader): string | undefined {
  if (path === '/') return 'Personal';
  return header.memberships?.find((membership) => orgListPath(membership.slug) === path)?.name;
}

async function readPage(
  listPath: string,
  args: Parameters<typeof getTaskPage>[1],
): Promise<{ page?: TaskPage; failure?: MessageCode; switched?: ListSwitchedError }> {
  try {
    return { page: await getTaskPage(listPath, args) };
  } catch (error) {
    if (error instanceof ListSwitchedError) return { switched: error };
    return { failure: toTaskServiceError(error).code };
  }
}
