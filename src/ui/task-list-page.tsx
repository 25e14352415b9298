import Link from 'next/link';
import type { MessageCode } from '@/messages/messages';
import type { PageNotice } from '@/messages/notices';
import type { ListHeader } from '@/orgs/list-scope';
import { clearCompleted } from '@/tasks/actions';
import { listHref, type ListView } from '@/tasks/list-view';
import type { TaskPage } from '@/tasks/page-cursor';
import { AccountMenu } from './account-menu';
import { ListHolding } from './list-holding';
import { ListNav } from './list-nav';
import { PageNoticeBanner } from './notice';
import { NewTaskForm } from './new-task-form';
import { SignOutForm } from './sign-out-form';
import { TaskListSection, type RowExtras } from './task-list-section';

export interface TaskListPageProps {
  heading: string;
  listPath: string;
  header: ListHeader;
  notice?: PageNotice;
  view: ListView;
  page?: TaskPage;
  failure?: MessageCode;
  rowExtras?: RowExtras;
  newTaskDraft?: string;
  confirmClearCompleted?: boolean;
  /** The session acts in another list (named when known): no rows and no forms, only the way back. */
  holding?: { activeList?: string };
}

export function TaskListPage({
  heading,
  listPath,
  header,
  notice,
  view,
  page,
  failure,
  rowExtras,
  newTaskDraft,
  confirmClearCompleted = false,
  holding,
}: TaskListPageProps) {
  const back = listHref(view);
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
      <PageNoticeBanner notice={notice} />
      {holding ? (
        <ListHolding href={back} activeList={holding.activeList} />
      ) : (
        <>
          {confirmClearCompleted && page && page.counts.done > 0 ? (
            <ConfirmClearCompleted view={view} done={page.counts.done} />
          ) : null}
          <TaskListSection
            page={page}
            view={view}
            failure={failure}
            rowExtras={rowExtras}
            form={<NewTaskForm draft={newTaskDraft} back={back} />}
          />
        </>
      )}
    </main>
  );
}

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
