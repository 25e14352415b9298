'use server';

// The floor's stand-ins for the app's server actions (aliased in tsconfig.json): the same
// signatures and form state, with the tasks in memory instead of Clerk and PostgREST.
import { revalidatePath } from 'next/cache';
import type { ActionResult, FormState } from '../../../src/tasks/form-state';
import { addTask } from './tasks';

export async function createTask(_previous: FormState, formData: FormData): Promise<FormState> {
  const name = String(formData.get('name') ?? '').trim();
  if (!name) return { status: 'error', fieldErrors: { name: ['name-empty'] }, values: { name } };
  addTask(name);
  revalidatePath('/');
  return { status: 'success', message: 'task-added', params: { name } };
}

export async function toggleTask(): Promise<void> {}

export async function deleteTask(): Promise<void> {}

export async function clearCompleted(): Promise<void> {}

export async function renameTask(previous: FormState): Promise<FormState> {
  return previous;
}

const scriptAnswer = async (): Promise<ActionResult> => ({ status: 'success' });
export const createTaskNow = scriptAnswer;
export const renameTaskNow = scriptAnswer;
export const toggleTaskNow = scriptAnswer;
export const deleteTaskNow = scriptAnswer;

export async function signOut(): Promise<void> {}
