'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { createTask } from '@/tasks/actions';
import { initialFormState, type FormState } from '@/tasks/form-state';
import { FormMessages, NameField } from './form-parts';
import { useTaskRows } from './task-rows';

export function NewTaskForm({ draft, back }: { draft?: string; back: string }) {
  // Without JavaScript the form posts to createTask and the page comes back with its state.
  const [state, formAction, pending] = useActionState(createTask, initialFormState);
  // With it, the list shows the new task at once and the outcome lands here.
  const board = useTaskRows();
  const [scriptState, setScriptState] = useState<FormState | null>(null);
  const [adding, setAdding] = useState(false);
  const shown = scriptState ?? state;
  // On error the input comes back as typed; after a success the field is empty again.
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
    // The task shows in the list at once, so the field is free for the next one; if the server
    // refuses, what was typed comes back (unless something new has been typed meanwhile).
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
