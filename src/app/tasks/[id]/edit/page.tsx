import { auth } from '@clerk/nextjs/server';
import Link from 'next/link';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { noticeOf, single, TASK_NOT_FOUND_MESSAGE, type PageSearchParams } from '@/tasks/form-state';
import { listHref, parseBack } from '@/tasks/list-view';
import { getTask } from '@/tasks/queries';
import { taskId } from '@/tasks/schemas';
import { Notice } from '@/ui/notice';
import { RenameTaskForm } from '@/ui/rename-task-form';

// Reached by a link, so renaming works without JavaScript. Signed-out visitors never get here:
// src/proxy.ts sends them to sign in first.
export default async function EditTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const restored = single(query[DRAFT_PARAM]) === 'restored';
  const notice = noticeOf(query);
  // The list the Rename link was on; only ever a list of this app (see parseBack).
  const back = listHref(parseBack(single(query.back)));
  const parsedId = taskId.safeParse(id);
  const { data: task, failure } = parsedId.success ? await loadOrFailure(() => getTask(parsedId.data)) : { data: null };
  const { userId } = await auth();
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
