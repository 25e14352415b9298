import type { FormEvent, KeyboardEvent, MouseEvent } from 'react';
import { deleteTask, toggleTask } from '@/tasks/actions';
import { editHref } from '@/tasks/list-view';
import type { ShownRow } from './task-rows-state';

export const taskNameId = (id: number) => `task-${id}-name`;

/** The list's three row forms: each row's buttons name one with `form` and send their task's id. */
export const ROW_FORMS = { done: 'task-done', reopen: 'task-reopen', delete: 'task-delete' } as const;

export function TaskRowItem({
  task,
  back,
  onEdit,
}: {
  task: ShownRow;
  back: string;
  onEdit: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const nameId = taskNameId(task.id);
  return (
    <li aria-busy={task.pending} data-task-id={task.id}>
      <span id={nameId} className={task.done ? 'task-name done' : 'task-name'}>
        {task.name}
        {task.done ? <span className="visually-hidden"> (done)</span> : null}
      </span>
      {task.by ? <span className="task-by">added by {task.by}</span> : null}
      <span className="task-actions">
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus it has. */}
        <button
          form={task.done ? ROW_FORMS.reopen : ROW_FORMS.done}
          name="id"
          value={task.id}
          aria-disabled={task.pending}
          aria-describedby={nameId}
        >
          {task.done ? 'Reopen' : 'Done'}
        </button>
        <a className="button" href={editHref(task.id, back)} onClick={onEdit} aria-describedby={nameId}>
          Rename
        </a>
        {task.canDelete === false ? null : (
          <button
            form={ROW_FORMS.delete}
            name="id"
            value={task.id}
            className="danger"
            aria-disabled={task.pending}
            aria-describedby={nameId}
          >
            Delete
          </button>
        )}
      </span>
    </li>
  );
}

/** The forms every row's buttons submit: the list they act in and, for Done and Reopen, the state to set. */
export function RowForms({
  back,
  onToggle,
  onDelete,
}: {
  back: string;
  onToggle: (event: FormEvent<HTMLFormElement>) => void;
  onDelete: (event: FormEvent<HTMLFormElement>) => void;
}) {
  const backField = <input type="hidden" name="back" value={back} />;
  return (
    <>
      <form id={ROW_FORMS.done} action={toggleTask} onSubmit={onToggle}>
        <input type="hidden" name="done" value="true" />
        {backField}
      </form>
      <form id={ROW_FORMS.reopen} action={toggleTask} onSubmit={onToggle}>
        <input type="hidden" name="done" value="false" />
        {backField}
      </form>
      <form id={ROW_FORMS.delete} action={deleteTask} onSubmit={onDelete}>
        {backField}
      </form>
    </>
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
