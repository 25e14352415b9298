'use client';

import {
  createContext,
  use,
  useEffect,
  useOptimistic,
  useRef,
  useState,
  useTransition,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { unstable_rethrow } from 'next/navigation';
import { deleteTask, runTaskCommand, toggleTask } from '@/tasks/actions';
import type { ActionResult } from '@/tasks/form-state';
import { editHref } from '@/tasks/list-view';

/**
 * One row as the server sends it: every field is serialised into the page's RSC payload, so only what
 * the row shows. `by` (who added a task to a shared list) and `canDelete: false` only when they apply.
 */
export interface TaskRow {
  id: number;
  name: string;
  done: boolean;
  by?: string;
  canDelete?: false;
}

type ShownRow = TaskRow & { pending?: true };

type Change =
  | { kind: 'add'; row: ShownRow }
  | { kind: 'toggle'; id: number; done: boolean }
  | { kind: 'rename'; id: number; name: string }
  | { kind: 'delete'; id: number };

/** What the add form needs from the list to show a new task at once. */
interface Board {
  submitAdd: (form: HTMLFormElement, name: string) => Promise<ActionResult>;
}

const BoardContext = createContext<Board | null>(null);
export const useBoard = () => use(BoardContext);

/** What takes focus once the list has re-rendered: the first that exists. */
type FocusTarget = () => HTMLElement | null | undefined;

/** A task's name as a message quotes it: a long one shortened, so the message stays short. */
const quote = (name: string) => `“${name.length > 60 ? `${name.slice(0, 57).trimEnd()}…` : name}”`;

const row = (id: number) => document.getElementById(`task-${id}-name`)?.closest('li');
const rowIdOf = (li: Element | null | undefined) => Number(li?.querySelector('.task-name')?.id.split('-')[1]);

/**
 * The task list with JavaScript on, and the same forms without it. Each row's forms post to their
 * server actions (the server renders their hidden action fields, so they work with no script); with
 * the script, a submit is taken over here: the change shows at once (useOptimistic), the action runs
 * in a transition, its response brings the list as the server now has it, and a refusal rolls the
 * change back with a message. One instance per page, so rows carry no per-row state of their own.
 */
export function TaskBoard({
  tasks,
  back,
  show,
  newestFirstPage,
  headingId,
  form,
  top,
  bottom,
}: {
  tasks: TaskRow[] | undefined;
  /** The list URL forms return to; `/` (the default) is not sent. */
  back: string;
  show: 'all' | 'open' | 'done';
  /** Whether a new task belongs at the top of this page. */
  newestFirstPage: boolean;
  headingId: string;
  /** The add form, above the list. */
  form: ReactNode;
  /** Server-rendered parts of the list section: its heading, filters and notices; its pager. */
  top: ReactNode;
  bottom: ReactNode;
}) {
  const [shown, change] = useOptimistic<ShownRow[], Change>(tasks ?? [], (rows: ShownRow[], c: Change): ShownRow[] => {
    switch (c.kind) {
      case 'add':
        return [c.row, ...rows];
      case 'toggle':
        return rows
          .map((r) => (r.id === c.id ? { ...r, done: c.done, pending: true as const } : r))
          .filter((r) => r.id !== c.id || show === 'all' || r.done === (show === 'done'));
      case 'rename':
        return rows.map((r) => (r.id === c.id ? { ...r, name: c.name, pending: true as const } : r));
      case 'delete':
        return rows.filter((r) => r.id !== c.id);
    }
  });
  const [, startTransition] = useTransition();
  const [alert, setAlert] = useState('');
  const [editing, setEditing] = useState<{ id: number; value?: string } | null>(null);
  const focusTarget = useRef<FocusTarget | null>(null);
  // Bumped to render once more, so the effect below runs when a focus target is set.
  const [, setFocusTick] = useState(0);
  const tempId = useRef(-1);
  // Rows with a change on its way: a second submit (a double click) is ignored until it is answered.
  const inFlight = useRef(new Set<number>());
  const claim = (id: number) => !inFlight.current.has(id) && Boolean(inFlight.current.add(id));
  const release = (id: number) => inFlight.current.delete(id);

  const focusLater = (target: FocusTarget) => {
    focusTarget.current = target;
    setFocusTick((tick) => tick + 1);
  };
  useEffect(() => {
    const element = focusTarget.current?.();
    if (element && !element.matches(':disabled')) {
      element.focus();
      focusTarget.current = null;
    }
  });

  const heading = () => document.getElementById(headingId);
  const firstControl = (id: number) => row(id)?.querySelector<HTMLElement>('button, a');
  const control = (id: number, label: string) =>
    [...(row(id)?.querySelectorAll<HTMLElement>('button, a') ?? [])].find((el) => el.textContent === label);

  /** Runs a command for the script; the outcome, or the refusal in the list's alert. */
  const run = async (command: string, data: FormData, what: string | null): Promise<ActionResult> => {
    let result: ActionResult;
    try {
      result = await runTaskCommand(command, data);
    } catch (error) {
      // A redirect (a post parked until the session is refreshed, or signed out) is the router's to follow.
      unstable_rethrow(error);
      result = { status: 'error', message: 'The server could not be reached. Nothing was changed; please try again.' };
    }
    if (result.status === 'error' && what) {
      const reason = result.message ?? result.fieldErrors?.name?.[0] ?? 'Please try again.';
      setAlert(`${what} ${reason}`);
    } else setAlert('');
    return result;
  };

  const formData = (form: HTMLFormElement) => {
    const data = new FormData(form);
    data.set('back', back);
    return data;
  };

  /** After a row leaves the list: the next row, else the previous one, else the list's heading. */
  const besideRow = (form: HTMLFormElement): FocusTarget => {
    const li = form.closest('li');
    const next = rowIdOf(li?.nextElementSibling);
    const previous = rowIdOf(li?.previousElementSibling);
    return () => firstControl(next) ?? firstControl(previous) ?? heading();
  };

  const onToggle = (event: FormEvent<HTMLFormElement>, task: ShownRow) => {
    event.preventDefault();
    if (task.pending || !claim(task.id)) return;
    const data = formData(event.currentTarget);
    // On a filtered list the row leaves it (Done on "open", Reopen on "done").
    const leaves = show !== 'all';
    const beside = besideRow(event.currentTarget);
    startTransition(async () => {
      change({ kind: 'toggle', id: task.id, done: !task.done });
      if (leaves) focusLater(beside);
      const result = await run('toggleTask', data, `${quote(task.name)} was not changed:`);
      release(task.id);
      if (result.status === 'error') focusLater(() => firstControl(task.id));
    });
  };

  const onDelete = (event: FormEvent<HTMLFormElement>, task: ShownRow) => {
    event.preventDefault();
    if (task.pending || !claim(task.id)) return;
    const beside = besideRow(event.currentTarget);
    const data = formData(event.currentTarget);
    startTransition(async () => {
      change({ kind: 'delete', id: task.id });
      focusLater(beside);
      const result = await run('deleteTask', data, `${quote(task.name)} was not deleted:`);
      release(task.id);
      if (result.status === 'error') focusLater(() => control(task.id, 'Delete'));
    });
  };

  const onRename = (event: FormEvent<HTMLFormElement>, task: ShownRow) => {
    event.preventDefault();
    if (!claim(task.id)) return;
    const data = formData(event.currentTarget);
    const name = String(data.get('name') ?? '');
    setEditing(null);
    startTransition(async () => {
      change({ kind: 'rename', id: task.id, name: name.trim() || task.name });
      const result = await run('renameTask', data, `${quote(task.name)} was not renamed:`);
      release(task.id);
      if (result.status === 'error') setEditing({ id: task.id, value: name });
      else focusLater(() => control(task.id, 'Rename'));
    });
  };

  const board: Board = {
    submitAdd: (form, name) =>
      new Promise((resolve) => {
        const data = formData(form);
        startTransition(async () => {
          if (name && newestFirstPage && show !== 'done') {
            change({ kind: 'add', row: { id: tempId.current--, name, done: false, pending: true } });
          }
          const shownAtOnce = Boolean(name && newestFirstPage && show !== 'done');
          const result = await run('createTask', data, shownAtOnce ? `${quote(name)} was not added:` : null);
          // To the new task, unless the user has meanwhile moved on to something else.
          const active = document.activeElement;
          if (
            result.status === 'success' &&
            result.id !== undefined &&
            (!active || active === document.body || form.contains(active))
          ) {
            const id = result.id;
            focusLater(() => firstControl(id));
          }
          resolve(result);
        });
      }),
  };

  return (
    <BoardContext value={board}>
      {form}
      <section aria-labelledby={tasks ? headingId : undefined}>
        {top}
        <p className="list-alert" role="alert">
          {alert}
        </p>
        {tasks && shown.length > 0 ? (
          <ul className="tasks" aria-label="Tasks">
            {shown.map((task) =>
              editing?.id === task.id ? (
                <InlineRename
                  key={task.id}
                  task={task}
                  value={editing.value}
                  onSubmit={(event) => onRename(event, task)}
                  onCancel={() => {
                    setEditing(null);
                    focusLater(() => control(task.id, 'Rename'));
                  }}
                />
              ) : (
                <Row
                  key={task.id}
                  task={task}
                  back={back}
                  onToggle={onToggle}
                  onDelete={onDelete}
                  onEdit={(event) => {
                    event.preventDefault();
                    if (!task.pending) setEditing({ id: task.id });
                  }}
                />
              ),
            )}
          </ul>
        ) : tasks ? (
          <p className="muted">{show === 'all' ? 'No tasks here yet. Add one above.' : `No ${show} tasks here.`}</p>
        ) : null}
        {bottom}
      </section>
    </BoardContext>
  );
}

function Row({
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
  const nameId = `task-${task.id}-name`;
  const backField = <input type="hidden" name="back" value={back} />;
  return (
    <li aria-busy={task.pending}>
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

/** The rename form in place of a row (JavaScript only; /tasks/<id>/edit is the no-script path). */
function InlineRename({
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
    <li>
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
