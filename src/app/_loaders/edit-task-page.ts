import 'server-only';
import { requestAuth } from '@/auth/request-auth';
import { ListSwitchedError } from '@/auth/supabase-token';
import { noticeOf, single, type PageSearchParams } from '@/messages/notices';
import { loadOrFailure } from '@/supabase/errors';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { listHref, parseBack } from '@/tasks/list-view';
import { getTask } from '@/tasks/queries';
import { taskId } from '@/tasks/schemas';
import type { EditTaskPageProps } from '@/ui/edit-task-page';

export async function loadEditTaskPage(
  listPath: string,
  id: string,
  query: PageSearchParams,
): Promise<EditTaskPageProps> {
  const view = parseBack(single(query.back));
  const back = listHref(view.path === listPath ? view : { path: listPath, show: 'all' });
  const here = `${listPath === '/' ? '' : listPath}/tasks/${id}/edit`;
  const parsedId = taskId.safeParse(id);
  if (!parsedId.success) return { back, here, task: null };
  let switched = false;
  const { data: task, failure } = await loadOrFailure(() =>
    getTask(listPath, parsedId.data).catch((error: unknown) => {
      if (!(error instanceof ListSwitchedError)) throw error;
      switched = true;
      return null;
    }),
  );
  const { userId } = await requestAuth();
  const draft = single(query[DRAFT_PARAM]) === 'restored' && userId ? await readDraft(userId) : undefined;
  return {
    back,
    here,
    task: task ?? null,
    failure,
    switched,
    notice: noticeOf(query),
    draftName: draft && draft.taskId === task?.id ? draft.name : undefined,
  };
}
