'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { createTask } from '@/tasks/actions';
import { initialFormState, type FormState } from '@/tasks/form-state';
import { FormMessages, NameField } from './form-parts';
import { useTaskRows } from './task-rows';

export function NewTaskForm({ draft, back }: { draft?: string; back: string }) {
  const [state, formAction, pending] = useActionState(createTask, initialFormState);
  const board = useTaskRows();
  const [scriptState, setScriptState] = useState<FormState | null>(null);
  const [adding, setAdding] = useState(false);
  const shown = scriptState ?? state;
  const value = shown.status === 'error' ? shown.values?.name : shown.status === 'idle' ? draft : '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!board) return;
    event.preventDefault();
    if (adding) return;
    const form = event.currentTarget;
    const input = form.elements.namedItem('name');
    if (!(input instanceof HTMLInputElement)) return;
    const typed = input.value;
    const name = typed.trim();
    setAdding(true);
    const sent = board.submitAdd(form, name);
    // Free for the next task at once; a refusal puts the typed name back unless something new was typed.
    if (name) input.value = '';
    void sent.then((result) => {
      setAdding(false);
      setScriptState(result);
      if (result.status === 'success') return;
      if (input.value === '') input.value = typed;
      input.focus();
    });
  };

  const busy = pending || adding;
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label="Add a task">
      <input type="hidden" name="back" value={back} />
      <NameField id="new-task-name" label="New task" defaultValue={value} error={shown.fieldErrors?.name?.[0]}>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add task'}
        </button>
      </NameField>
      <FormMessages state={shown} />
    </form>
  );
}
