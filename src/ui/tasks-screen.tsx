import Link from 'next/link';
import type { ReactNode } from 'react';
import { clearCompleted } from '@/tasks/actions';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { single, type PageSearchParams } from '@/tasks/form-state';
import { listHref, viewOf, type ListView } from '@/tasks/list-view';
import { decodeCursor, getTaskPage } from '@/tasks/queries';
import { AccountMenu } from '@/ui/account-menu';
import { NewTaskForm } from '@/ui/new-task-form';
import { SignOutForm } from '@/ui/sign-out-form';
import { TaskList, type RowExtras } from '@/ui/task-list';

/** A signed-in user's task list page: the add form, the list and its pager, read through RLS. */
export async function TasksScreen({
  userId,
  params,
  notice,
  listPath = '/',
  rowExtras,
}: {
  userId: string;
  params: PageSearchParams;
  notice: ReactNode;
  /** The list's own path: `/` for the personal list, `/orgs/<slug>` for an organization's. */
  listPath?: string;
  rowExtras?: RowExtras;
}) {
  const view = viewOf(listPath, params);
  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const newTaskDraft = draft && !draft.taskId ? draft.name : undefined;
  const position = { older: decodeCursor(view.older), newer: decodeCursor(view.newer) };
  const { data: page, failure } = await loadOrFailure(() => getTaskPage({ ...position, show: view.show }));
  const back = listHref(view);
  const confirming = single(params.confirm) === 'clear-completed' && page && page.counts.done > 0;

  return (
    <main>
      <header className="bar">
        <h1>Your tasks</h1>
        <AccountMenu fallback={<SignOutForm />} />
      </header>
      {notice}
      {confirming ? <ConfirmClearCompleted view={view} done={page.counts.done} /> : null}
      <TaskList
        page={page}
        view={view}
        failure={failure}
        rowExtras={rowExtras}
        form={<NewTaskForm draft={newTaskDraft} back={back} />}
      />
    </main>
  );
}

/**
 * The confirmation of "Clear completed", a state of the list page itself (`?confirm=clear-completed`),
 * so it works without JavaScript and acts in the same list. The count is of the list's done tasks;
 * the outcome says how many were deleted and how many were kept (others' tasks, for a non-admin).
 */
function ConfirmClearCompleted({ view, done }: { view: ListView; done: number }) {
  const back = listHref(view);
  return (
    <section className="confirm" aria-labelledby="confirm-clear-heading">
      <h2 id="confirm-clear-heading">
        Delete {done} completed {done === 1 ? 'task' : 'tasks'}?
      </h2>
      <p>This cannot be undone. In a shared list, only an admin can delete tasks that others added.</p>
      <form action={clearCompleted}>
        <input type="hidden" name="back" value={back} />
        <button type="submit" className="danger">
          Delete completed tasks
        </button>{' '}
        <Link className="button" href={back}>
          Cancel
        </Link>
      </form>
    </section>
  );
}
