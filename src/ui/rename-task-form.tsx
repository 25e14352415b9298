'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { renameTask } from '@/tasks/actions';
import { initialFormState } from '@/tasks/form-state';
import { FormMessages, NameField } from './form-parts';

export function RenameTaskForm({
  taskId,
  name,
  cancelHref = '/',
}: {
  taskId: number;
  name: string;
  /** The list the task is in. */
  cancelHref?: string;
}) {
  const [state, formAction, pending] = useActionState(renameTask, initialFormState);
  return (
    <form action={formAction} aria-label="Rename task">
      <input type="hidden" name="id" value={taskId} />
      <NameField
        id="rename-task-name"
        label="Task name"
        defaultValue={state.status === 'error' ? state.values?.name : name}
        error={state.fieldErrors?.name?.[0]}
      >
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
      </NameField>
      <FormMessages state={state} />
      <p>
        <Link href={cancelHref}>Cancel</Link>
      </p>
    </form>
  );
}
