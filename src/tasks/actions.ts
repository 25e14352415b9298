'use server';

import type { ActionResult } from './form-state';
import { listAction, runForScript, validatedAction } from './validated-action';

// The forms' server actions; what each does is in ./commands.ts. Forms with in-page state
// (useActionState) get their errors back; the list's plain forms return to the list with a notice.
export const createTask = validatedAction('createTask');
export const renameTask = validatedAction('renameTask', 'list');
export const toggleTask = listAction('toggleTask');
export const deleteTask = listAction('deleteTask');
export const clearCompleted = listAction('clearCompleted');

/** The same commands for the page's script (JavaScript on): it shows the outcome itself, at once. */
export async function runTaskCommand(name: string, formData: FormData): Promise<ActionResult> {
  return runForScript(name, formData);
}
