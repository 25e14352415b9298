'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { deleteTask, toggleTask } from '@/tasks/actions';
import { initialFormState } from '@/tasks/form-state';
import type { Task } from '@/supabase/database';

// Only what the row shows crosses to the client: every prop is serialised into the page's RSC payload.
export function TaskItem({
  task,
  editHref,
  creator,
  canDelete = true,
}: {
  task: Pick<Task, 'id' | 'name' | 'done'>;
  editHref: string;
  /** Who added the task, in an organization's list. */
  creator?: string;
  /** False hides Delete where the database would refuse it (another member's task in an organization). */
  canDelete?: boolean;
}) {
  const [toggleState, toggleAction, toggling] = useActionState(toggleTask, initialFormState);
  const [deleteState, deleteAction, deleting] = useActionState(deleteTask, initialFormState);
  const failure = [toggleState, deleteState].find((state) => state.status === 'error')?.message;
  const nameId = `task-${task.id}-name`;
  return (
    <li aria-busy={toggling || deleting}>
      <span id={nameId} className={task.done ? 'task-name done' : 'task-name'}>
        {task.name}
        {task.done ? <span className="visually-hidden"> (done)</span> : null}
      </span>
      {creator ? <span className="task-creator muted">added by {creator}</span> : null}
      <span className="task-actions">
        <form action={toggleAction}>
          <input type="hidden" name="id" value={task.id} />
          <input type="hidden" name="done" value={String(!task.done)} />
          <button type="submit" disabled={toggling} aria-describedby={nameId}>
            {task.done ? 'Reopen' : 'Done'}
          </button>
        </form>
        <Link className="button" href={editHref} aria-describedby={nameId}>
          Rename
        </Link>
        {canDelete ? (
          <form action={deleteAction}>
            <input type="hidden" name="id" value={task.id} />
            <button type="submit" className="danger" disabled={deleting} aria-describedby={nameId}>
              Delete
            </button>
          </form>
        ) : null}
      </span>
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
    </li>
  );
}
