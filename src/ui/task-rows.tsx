'use client';

import {
  createContext,
  use,
  useOptimistic,
  useRef,
  useState,
  useTransition,
  type FormEvent,
  type ReactNode,
} from 'react';
import { unstable_rethrow } from 'next/navigation';
import { messageText } from '@/messages/messages';
import { createTaskNow, deleteTaskNow, renameTaskNow, toggleTaskNow } from '@/tasks/actions';
import type { ActionResult } from '@/tasks/form-state';
import type { Show } from '@/tasks/list-view';
import { InlineRename, RowForms, TaskRowItem } from './task-row';
import { applyChange, type Change, type ShownRow, type TaskRow } from './task-rows-state';
import { useFocusLater, type FocusTarget } from './use-focus-later';

export type { TaskRow };

interface AddToList {
  submitAdd: (form: HTMLFormElement, name: string) => Promise<ActionResult>;
}

const AddContext = createContext<AddToList | null>(null);
export const useTaskRows = () => use(AddContext);

const short = (name: string) => (name.length > 60 ? `${name.slice(0, 57).trimEnd()}…` : name);

const row = (id: number) => document.querySelector<HTMLElement>(`li[data-task-id="${id}"]`);
const rowIdOf = (li: Element | null | undefined) => Number(li instanceof HTMLElement ? li.dataset.taskId : NaN);

const reasonOf = (result: ActionResult) => {
  const code = result.message ?? result.fieldErrors?.name?.[0];
  return code ? messageText(code, result.params) : messageText('try-again');
};

type Undone = { code: 'not-added' | 'not-changed' | 'not-renamed' | 'not-deleted'; name: string };

export function TaskRows({
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
  back: string;
  show: Show;
  newestFirstPage: boolean;
  headingId: string;
  form: ReactNode;
  top: ReactNode;
  bottom: ReactNode;
}) {
  const [shown, change] = useOptimistic<ShownRow[], Change>(tasks ?? [], (rows, c) => applyChange(rows, c, show));
  const [, startTransition] = useTransition();
  const [alert, setAlert] = useState('');
  const [editing, setEditing] = useState<{ id: number; value?: string } | null>(null);
  const focusLater = useFocusLater();
  const tempId = useRef(-1);
  // Rows with a change on its way: a second submit (a double click) is ignored until it is answered.
  const inFlight = useRef(new Set<number>());
  const claim = (id: number) => !inFlight.current.has(id) && Boolean(inFlight.current.add(id));
  const release = (id: number) => inFlight.current.delete(id);

  const heading = () => document.getElementById(headingId);
  const firstControl = (id: number) => row(id)?.querySelector<HTMLElement>('button, a');
  const control = (id: number, label: string) =>
    [...(row(id)?.querySelectorAll<HTMLElement>('button, a') ?? [])].find((el) => el.textContent === label);

  const run = async (
    action: (formData: FormData) => Promise<ActionResult>,
    data: FormData,
    undone: Undone | null,
  ): Promise<ActionResult> => {
    let result: ActionResult;
    try {
      result = await action(data);
    } catch (error) {
      // A redirect (a post parked until the session is refreshed, or signed out) is the router's to follow.
      unstable_rethrow(error);
      result = { status: 'error', message: 'server-unreachable' };
    }
    const refused = result.status === 'error' && undone;
    setAlert(refused ? messageText(undone.code, { name: short(undone.name), reason: reasonOf(result) }) : '');
    return result;
  };

  const formData = (form: HTMLFormElement, submitter?: HTMLElement) => {
    const data = new FormData(form, submitter);
    data.set('back', back);
    return data;
  };

  const besideRow = (button: Element): FocusTarget => {
    const li = button.closest('li');
    const next = rowIdOf(li?.nextElementSibling);
    const previous = rowIdOf(li?.previousElementSibling);
    return () => firstControl(next) ?? firstControl(previous) ?? heading();
  };

  /** The row whose button submitted one of the row forms, and what the form sends for it. */
  const submitted = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const button = (event.nativeEvent as SubmitEvent).submitter;
    const task = button instanceof HTMLButtonElement ? shown.find((row) => String(row.id) === button.value) : undefined;
    if (!button || !task || task.pending || !claim(task.id)) return undefined;
    return { task, data: formData(event.currentTarget, button), beside: besideRow(button) };
  };

  const onToggle = (event: FormEvent<HTMLFormElement>) => {
    const row = submitted(event);
    if (!row) return;
    const { task, data, beside } = row;
    const leaves = show !== 'all';
    startTransition(async () => {
      change({ kind: 'toggle', id: task.id, done: !task.done });
      if (leaves) focusLater(beside);
      const result = await run(toggleTaskNow, data, { code: 'not-changed', name: task.name });
      release(task.id);
      if (result.status === 'error') focusLater(() => firstControl(task.id));
    });
  };

  const onDelete = (event: FormEvent<HTMLFormElement>) => {
    const row = submitted(event);
    if (!row) return;
    const { task, data, beside } = row;
    startTransition(async () => {
      change({ kind: 'delete', id: task.id });
      focusLater(beside);
      const result = await run(deleteTaskNow, data, { code: 'not-deleted', name: task.name });
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
      const result = await run(renameTaskNow, data, { code: 'not-renamed', name: task.name });
      release(task.id);
      if (result.status === 'error') setEditing({ id: task.id, value: name });
      else focusLater(() => control(task.id, 'Rename'));
    });
  };

  const addToList: AddToList = {
    submitAdd: (form, name) =>
      new Promise((resolve) => {
        const data = formData(form);
        startTransition(async () => {
          if (name && newestFirstPage && show !== 'done') {
            change({ kind: 'add', row: { id: tempId.current--, name, done: false, pending: true } });
          }
          const shownAtOnce = Boolean(name && newestFirstPage && show !== 'done');
          const result = await run(createTaskNow, data, shownAtOnce ? { code: 'not-added', name } : null);
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
    <AddContext value={addToList}>
      {form}
      <section aria-labelledby={tasks ? headingId : undefined}>
        {top}
        <p className="list-alert" role="alert">
          {alert}
        </p>
        {tasks && shown.length > 0 ? (
          <>
            <RowForms back={back} onToggle={onToggle} onDelete={onDelete} />
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
                  <TaskRowItem
                    key={task.id}
                    task={task}
                    back={back}
                    onEdit={(event) => {
                      event.preventDefault();
                      if (!task.pending) setEditing({ id: task.id });
                    }}
                  />
                ),
              )}
            </ul>
          </>
        ) : tasks ? (
          <p className="muted">{show === 'all' ? 'No tasks here yet. Add one above.' : `No ${show} tasks here.`}</p>
        ) : null}
        {bottom}
      </section>
    </AddContext>
  );
}
