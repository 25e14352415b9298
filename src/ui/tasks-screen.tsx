import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { single, type PageSearchParams } from '@/tasks/form-state';
import { decodeCursor, getTaskPage } from '@/tasks/queries';
import { AccountMenu } from '@/ui/account-menu';
import { NewTaskForm } from '@/ui/new-task-form';
import { Notice } from '@/ui/notice';
import { SignOutForm } from '@/ui/sign-out-form';
import { TaskList } from '@/ui/task-list';
import type { ReactNode } from 'react';

/** A signed-in user's task list page: the add form, the list and its pager, read through RLS. */
export async function TasksScreen({
  userId,
  params,
  notice,
}: {
  userId: string;
  params: PageSearchParams;
  notice: ReactNode;
}) {
  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const newTaskDraft = draft && !draft.taskId ? draft.name : undefined;
  const position = { older: decodeCursor(single(params.older)), newer: decodeCursor(single(params.newer)) };
  const { data: page, failure } = await loadOrFailure(() => getTaskPage(position));

  return (
    <main>
      <header className="bar">
        <h1>Your tasks</h1>
        <AccountMenu fallback={<SignOutForm />} />
      </header>
      {notice}
      <NewTaskForm draft={newTaskDraft} />
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {page ? <TaskList page={page} /> : null}
    </main>
  );
}
