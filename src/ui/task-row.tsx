import type { FormEvent, KeyboardEvent, MouseEvent } from 'react';
import { deleteTask, toggleTask } from '@/tasks/actions';
import { editHref } from '@/tasks/list-view';
import type { ShownRow } from './task-rows-state';

export const taskNameId = (id: number) => `task-${id}-name`;

export function TaskRowItem({
  task,
  back,
  onToggle,
  onDelete,
  onEdit,
}: {
  task: ShownRow;
  back: string;
  onToggle: (event: FormEvent<HTMLFormElement>, task: ShownRow) => void;
  onDelete: (event: FormEvent<HTMLFormElement>, task: ShownRow) => void;
  onEdit: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const nameId = taskNameId(task.id);
  const backField = <input type="hidden" name="back" value={back} />;
  return (
    <li aria-busy={task.pending} data-task-id={task.id}>
      <span id={nameId} className={task.done ? 'task-name done' : 'task-name'}>
        {task.name}
        {task.done ? <span className="visually-hidden"> (done)</span> : null}
      </span>
      {task.by ? <span className="task-by">added by {task.by}</span> : null}
      <span className="task-actions">
        <form action={toggleTask} onSubmit={(event) => onToggle(event, task)}>
          <input type="hidden" name="id" value={task.id} />
          <input type="hidden" name="done" value={String(!task.done)} />
          {backField}
          {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus it has. */}
          <button type="submit" aria-disabled={task.pending} aria-describedby={nameId}>
            {task.done ? 'Reopen' : 'Done'}
          </button>
        </form>
        <a className="button" href={editHref(task.id, back)} onClick={onEdit} aria-describedby={nameId}>
          Rename
        </a>
        {task.canDelete === false ? null : (
          <form action={deleteTask} onSubmit={(event) => onDelete(event, task)}>
            <input type="hidden" name="id" value={task.id} />
            {backField}
            <button type="submit" className="danger" aria-disabled={task.pending} aria-describedby={nameId}>
              Delete
            </button>
          </form>
        )}
      </span>
    </li>
  );
}

export function InlineRename({
  task,
  value,
  onSubmit,
  onCancel,
}: {
  task: ShownRow;
  value?: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
}) {
  const inputId = `rename-${task.id}`;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <li data-task-id={task.id}>
      <form className="inline-rename" aria-label={`Rename “${task.name}”`} onSubmit={onSubmit}>
        <input type="hidden" name="id" value={task.id} />
        <label htmlFor={inputId} className="visually-hidden">
          New name for “{task.name}”
        </label>
        <input
          id={inputId}
          name="name"
          type="text"
          autoComplete="off"
          defaultValue={value ?? task.name}
          onKeyDown={onKeyDown}
          autoFocus
        />
        <span className="task-actions">
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </span>
      </form>
    </li>
  );
}
