import Link from 'next/link';
import { requestAuth } from '@/auth/request-auth';
import { ListSwitchedError } from '@/auth/supabase-token';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { noticeOf, single, TASK_NOT_FOUND_MESSAGE, type PageSearchParams } from '@/tasks/form-state';
import { listHref, parseBack } from '@/tasks/list-view';
import { getTask } from '@/tasks/queries';
import { taskId } from '@/tasks/schemas';
import { ListHolding } from './list-holding';
import { Notice } from './notice';
import { RenameTaskForm } from './rename-task-form';

/**
 * The rename page of a task of the list `listPath` (personal or an organization's), reached by a link so
 * renaming works without JavaScript. `back` may name a view of that list (filter, page), never another list.
 */
export async function EditTaskScreen({
  listPath,
  id,
  query,
}: {
  listPath: string;
  id: string;
  query: PageSearchParams;
}) {
  const restored = single(query[DRAFT_PARAM]) === 'restored';
  const notice = noticeOf(query);
  const view = parseBack(single(query.back));
  const back = listHref(view.path === listPath ? view : { path: listPath, show: 'all' });
  const parsedId = taskId.safeParse(id);
  let switched = false;
  const { data: task, failure } = parsedId.success
    ? await loadOrFailure(() =>
        getTask(listPath, parsedId.data).catch((error: unknown) => {
          if (!(error instanceof ListSwitchedError)) throw error;
          switched = true;
          return null;
        }),
      )
    : { data: null };
  const { userId } = await requestAuth();
  const draft = restored && userId ? await readDraft(userId) : undefined;
  const draftName = draft && draft.taskId === task?.id ? draft.name : undefined;

  return (
    <main>
      <header className="bar">
        <h1>Rename task</h1>
      </header>
      {switched ? (
        <ListHolding href={`${listPath === '/' ? '' : listPath}/tasks/${id}/edit`} />
      ) : failure ? (
        <Notice tone="error">{failure}</Notice>
      ) : task ? (
        <>
          {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
          <RenameTaskForm taskId={task.id} name={draftName ?? task.name} back={back} />
        </>
      ) : (
        <Notice tone="error">{TASK_NOT_FOUND_MESSAGE}</Notice>
      )}
      <p>
        <Link href={back}>Back to your tasks</Link>
      </p>
    </main>
  );
}
