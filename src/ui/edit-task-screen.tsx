import Link from 'next/link';
import { requestAuth } from '@/auth/request-auth';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { noticeOf, single, TASK_NOT_FOUND_MESSAGE, type PageSearchParams } from '@/tasks/form-state';
import { getTask } from '@/tasks/queries';
import { taskId } from '@/tasks/schemas';
import { Notice } from '@/ui/notice';
import { RenameTaskForm } from '@/ui/rename-task-form';

/**
 * The rename page of a task in the list at `listPath` (personal '/', or an organization's): reached by a
 * link, so renaming works without JavaScript. RLS shows the task only in the list it belongs to.
 */
export async function EditTaskScreen({
  id,
  query,
  listPath,
}: {
  id: string;
  query: PageSearchParams;
  listPath: string;
}) {
  const restored = single(query[DRAFT_PARAM]) === 'restored';
  const notice = noticeOf(query);
  const parsedId = taskId.safeParse(id);
  const { data: task, failure } = parsedId.success ? await loadOrFailure(() => getTask(parsedId.data)) : { data: null };
  const { userId } = await requestAuth();
  const draft = restored && userId ? await readDraft(userId) : undefined;
  const draftName = draft && draft.taskId === task?.id ? draft.name : undefined;

  return (
    <main>
      <header className="bar">
        <h1>Rename task</h1>
      </header>
      {failure ? (
        <Notice tone="error">{failure}</Notice>
      ) : task ? (
        <>
          {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
          <RenameTaskForm taskId={task.id} name={draftName ?? task.name} cancelHref={listPath} />
        </>
      ) : (
        <Notice tone="error">{TASK_NOT_FOUND_MESSAGE}</Notice>
      )}
      <p>
        <Link href={listPath}>Back to the list</Link>
      </p>
    </main>
  );
}
