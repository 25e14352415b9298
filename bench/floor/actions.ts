'use server';

// The floor's stand-ins for the app's server actions (aliased in tsconfig.json): the same
// signatures and form state, with the tasks in memory instead of Clerk and PostgREST.
import { revalidatePath } from 'next/cache';
import type { FormState } from '../../src/tasks/form-state';
import { addTask } from './tasks';

export async function createTask(_previous: FormState, formData: FormData): Promise<FormState> {
  const name = String(formData.get('name') ?? '').trim();
  if (!name) return { status: 'error', fieldErrors: { name: ['Enter a task name.'] }, values: { name } };
  addTask(name);
  revalidatePath('/');
  return { status: 'success', message: `Added “${name}”.` };
}

export async function toggleTask(previous: FormState): Promise<FormState> {
  return previous;
}

export async function deleteTask(previous: FormState): Promise<FormState> {
  return previous;
}

export async function renameTask(previous: FormState): Promise<FormState> {
  return previous;
}

export async function signOut(): Promise<void> {}
