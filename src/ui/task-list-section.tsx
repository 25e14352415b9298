import Link from 'next/link';
import type { ReactNode } from 'react';
import { messageText, type MessageCode } from '@/messages/messages';
import { encodeCursor, type TaskPage } from '@/tasks/page-cursor';
import { listHref, ROOT_VIEW, type ListView, type Show } from '@/tasks/list-view';
import { Notice } from './notice';
import { TaskRows, type TaskRow } from './task-rows';

export const TASK_LIST_HEADING_ID = 'task-list-heading';

const FILTERS: { show: Show; label: string }[] = [
  { show: 'all', label: 'All' },
  { show: 'open', label: 'Open' },
  { show: 'done', label: 'Done' },
];

const filterHref = (view: ListView, show: Show) => listHref({ path: view.path, show });

export function TaskListHeading({ page, view }: { page: TaskPage; view: ListView }) {
  return (
    <div className="list-toolbar">
      <h2 id={TASK_LIST_HEADING_ID} className="counts" tabIndex={-1}>
        <Link href={filterHref(view, 'open')}>
          <span data-testid="open-count">{page.counts.open}</span> open
        </Link>{' '}
        ·{' '}
        <Link href={filterHref(view, 'done')}>
          <span data-testid="done-count">{page.counts.done}</span> done
        </Link>
      </h2>
      <nav className="filters" aria-label="Show">
        {FILTERS.map(({ show, label }) => (
          <Link key={show} href={filterHref(view, show)} aria-current={view.show === show ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {page.counts.done > 0 ? (
        <p className="clear-completed">
          <Link href={listHref({ ...view, older: undefined, newer: undefined }, { confirm: 'clear-completed' })}>
            Clear completed ({page.counts.done})
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export function TaskPager({ page, view }: { page: TaskPage; view: ListView }) {
  const at = (cursor: 'older' | 'newer', value: string) =>
    listHref({ path: view.path, show: view.show, [cursor]: value });
  return (
    <nav className="pager" aria-label="Pages">
      {page.newer ? <Link href={at('newer', encodeCursor(page.newer))}>← Newer</Link> : <span />}
      {page.older ? <Link href={at('older', encodeCursor(page.older))}>Older →</Link> : <span />}
    </nav>
  );
}

export type RowExtras = (task: TaskPage['tasks'][number]) => { by?: string; canDelete?: boolean };

export function TaskListSection({
  page,
  view = ROOT_VIEW,
  failure,
  form,
  rowExtras,
}: {
  page?: TaskPage;
  view?: ListView;
  failure?: MessageCode;
  form?: ReactNode;
  rowExtras?: RowExtras;
}) {
  return (
    <TaskRows
      tasks={page ? rowsOf(page, rowExtras) : undefined}
      back={listHref(view)}
      show={view.show}
      newestFirstPage={!page?.newer}
      headingId={TASK_LIST_HEADING_ID}
      form={form}
      top={
        failure ? (
          <Notice tone="error">{messageText(failure)}</Notice>
        ) : page ? (
          <TaskListHeading page={page} view={view} />
        ) : null
      }
      bottom={page ? <TaskPager page={page} view={view} /> : null}
    />
  );
}

/** Only what a row shows crosses to the client: the defaults (no label, may delete) are left out. */
function rowsOf(page: TaskPage, rowExtras: RowExtras | undefined): TaskRow[] {
  return page.tasks.map((task) => {
    const row: TaskRow = { id: task.id, name: task.name, done: task.done };
    const extras = rowExtras?.(task);
    if (extras?.by) row.by = extras.by;
    if (extras?.canDelete === false) row.canDelete = false;
    return row;
  });
}
