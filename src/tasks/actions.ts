'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { clearDraft } from './draft';
import { TASK_MISSING_URL, TASK_NOT_FOUND_MESSAGE } from './form-state';
import { insertTask, removeTask, setTaskDone, setTaskName } from './mutations';
import { createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';
import { validatedAction } from './validated-action';

export const createTask = validatedAction(
  createTaskInput,
  async ({ name }) => {
    await insertTask(name);
    await clearDraft();
    revalidatePath('/');
    return { status: 'success', message: `Added “${name}”.` };
  },
  { inputField: 'name', returnTo: () => '/' },
);

export const toggleTask = validatedAction(toggleTaskInput, async ({ id, done }) => {
  const { changed } = await setTaskDone(id, done);
  if (!changed) redirect(TASK_MISSING_URL);
  revalidatePath('/');
  return { status: 'success', message: done ? 'Marked done.' : 'Marked open.' };
});

export const renameTask = validatedAction(
  renameTaskInput,
  async ({ id, name }) => {
    const { changed } = await setTaskName(id, name);
    if (!changed) return { status: 'error', message: TASK_NOT_FOUND_MESSAGE, values: { name } };
    await clearDraft();
    revalidatePath('/');
    redirect('/');
  },
  { inputField: 'name', returnTo: ({ id }) => `/tasks/${id}/edit` },
);

export const deleteTask = validatedAction(deleteTaskInput, async ({ id }) => {
  const { changed } = await removeTask(id);
  if (!changed) redirect(TASK_MISSING_URL);
  revalidatePath('/');
  return { status: 'success', message: 'Task deleted.' };
});
