'use client';

import { useActionState } from 'react';
import { createTask } from '@/tasks/actions';
import { initialFormState } from '@/tasks/form-state';
import { FormMessages, NameField } from './form-parts';

export function NewTaskForm({ draft }: { draft?: string }) {
  const [state, formAction, pending] = useActionState(createTask, initialFormState);
  // On error the input comes back as typed; after a success the field is empty again.
  const value = state.status === 'error' ? state.values?.name : state.status === 'idle' ? draft : '';
  return (
    <form action={formAction} aria-label="Add a task">
      <NameField id="new-task-name" label="New task" defaultValue={value} error={state.fieldErrors?.name?.[0]}>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add task'}
        </button>
      </NameField>
      <FormMessages state={state} />
    </form>
  );
}
