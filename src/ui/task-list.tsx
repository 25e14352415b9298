import Link from 'next/link';
import { encodeCursor, type TaskPage } from '@/tasks/page-cursor';
import { TaskItem } from './task-item';

/** What an organization's list adds to each row: who added the task, and whether the viewer may delete it. */
export interface RowAuthority {
  creators: ReadonlyMap<string, string>;
  canDelete: (creatorId: string) => boolean;
}

/**
 * The counts, the page of tasks and the pager (server-rendered; each row's forms are TaskItem). `listPath`
 * is the list's own path ('/' or an organization's), kept by the pager and the rename links.
 */
export function TaskList({
  page,
  listPath = '/',
  authority,
}: {
  page: TaskPage;
  listPath?: string;
  authority?: RowAuthority;
}) {
  const base = listPath === '/' ? '' : listPath;
  return (
    <section aria-labelledby="task-list-heading">
      <h2 id="task-list-heading" className="counts">
        <span data-testid="open-count">{page.counts.open}</span> open ·{' '}
        <span data-testid="done-count">{page.counts.done}</span> done
      </h2>
      {page.tasks.length === 0 ? (
        <p className="muted">No tasks here yet. Add one above.</p>
      ) : (
        <ul className="tasks" aria-label="Tasks">
          {page.tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={{ id: task.id, name: task.name, done: task.done }}
              editHref={`${base}/tasks/${task.id}/edit`}
              creator={authority?.creators.get(task.user_id)}
              canDelete={authority ? authority.canDelete(task.user_id) : true}
            />
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        {page.newer ? <Link href={`${listPath}?newer=${encodeCursor(page.newer)}`}>← Newer</Link> : <span />}
        {page.older ? <Link href={`${listPath}?older=${encodeCursor(page.older)}`}>Older →</Link> : <span />}
      </nav>
    </section>
  );
}
