import Link from 'next/link';
import type { ReactNode } from 'react';
import { clearCompleted } from '@/tasks/actions';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { single, type PageSearchParams } from '@/tasks/form-state';
import { listHref, viewOf, type ListView } from '@/tasks/list-view';
import { decodeCursor, getTaskPage } from '@/tasks/queries';
import { listHeader, rowAuthority } from '@/orgs/list-scope';
import { AccountMenu } from '@/ui/account-menu';
import { ListNav } from '@/ui/list-nav';
import { NewTaskForm } from '@/ui/new-task-form';
import { SignOutForm } from '@/ui/sign-out-form';
import { TaskList, type RowExtras } from '@/ui/task-list';

/**
 * A signed-in user's task list page (personal, or an organization's when `org` is set): the lists to
 * switch between, the add form, the list and its pager, read through RLS.
 */
export async function TasksScreen({
  userId,
  params,
  notice,
  listPath = '/',
  heading = 'Your tasks',
  org,
}: {
  userId: string;
  params: PageSearchParams;
  notice: ReactNode;
  /** The list's own path: `/` for the personal list, `/orgs/<slug>` for an organization's. */
  listPath?: string;
  heading?: string;
  /** An organization's list, with the viewer's role there (from the verified session). */
  org?: { role: string };
}) {
  const view = viewOf(listPath, params);
  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const newTaskDraft = draft && !draft.taskId ? draft.name : undefined;
  const position = { older: decodeCursor(view.older), newer: decodeCursor(view.newer) };
  const [{ data: page, failure }, header] = await Promise.all([
    loadOrFailure(() => getTaskPage({ ...position, show: view.show })),
    listHeader(userId),
  ]);
  // In an organization's list each row says who added it, and Delete shows only where RLS allows it.
  const authority = page && org ? await rowAuthority(userId, org.role, page.tasks) : undefined;
  const rowExtras: RowExtras | undefined = authority
    ? (task) => ({ by: authority.creators.get(task.user_id), canDelete: authority.canDelete(task.user_id) })
    : undefined;
  const back = listHref(view);
  const confirming = single(params.confirm) === 'clear-completed' && page && page.counts.done > 0;

  return (
    <main>
      <header className="bar">
        <h1>{heading}</h1>
        <div className="account">
          {header.viewer ? <span className="signed-in-as">{header.viewer}</span> : null}
          <AccountMenu fallback={<SignOutForm />} />
        </div>
      </header>
      {header.memberships ? <ListNav current={listPath} memberships={header.memberships} /> : null}
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
