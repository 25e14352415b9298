'use server';

// The floor's stand-ins for the app's server actions (aliased in tsconfig.json): the same
// signatures and form state, with the tasks in memory instead of Clerk and PostgREST.
import { revalidatePath } from 'next/cache';
import type { ActionResult, FormState } from '../../src/tasks/form-state';
import { addTask } from './tasks';

export async function createTask(_previous: FormState, formData: FormData): Promise<FormState> {
  const name = String(formData.get('name') ?? '').trim();
  if (!name) return { status: 'error', fieldErrors: { name: ['Enter a task name.'] }, values: { name } };
  addTask(name);
  revalidatePath('/');
  return { status: 'success', message: `Added “${name}”.` };
}

export async function toggleTask(): Promise<void> {}

export async function deleteTask(): Promise<void> {}

export async function clearCompleted(): Promise<void> {}

export async function renameTask(previous: FormState): Promise<FormState> {
  return previous;
}

export async function runTaskCommand(): Promise<ActionResult> {
  return { status: 'success' };
}

export async function signOut(): Promise<void> {}
