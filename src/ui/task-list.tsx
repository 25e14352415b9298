import Link from 'next/link';
import { encodeCursor, type TaskPage } from '@/tasks/page-cursor';
import { TaskItem } from './task-item';

/** The counts, the page of tasks and the pager (server-rendered; each row's forms are TaskItem). */
export function TaskList({ page }: { page: TaskPage }) {
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
            <TaskItem key={task.id} task={{ id: task.id, name: task.name, done: task.done }} />
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        {page.newer ? <Link href={`/?newer=${encodeCursor(page.newer)}`}>← Newer</Link> : <span />}
        {page.older ? <Link href={`/?older=${encodeCursor(page.older)}`}>Older →</Link> : <span />}
      </nav>
    </section>
  );
}
