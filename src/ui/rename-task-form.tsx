'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { renameTask } from '@/tasks/actions';
import { initialFormState } from '@/tasks/form-state';
import { FormMessages, NameField } from './form-parts';

export function RenameTaskForm({ taskId, name, back }: { taskId: number; name: string; back: string }) {
  const [state, formAction, pending] = useActionState(renameTask, initialFormState);
  return (
    <form action={formAction} aria-label="Rename task">
      <input type="hidden" name="id" value={taskId} />
      <input type="hidden" name="back" value={back} />
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
        <Link href={back}>Cancel</Link>
      </p>
    </form>
  );
}
