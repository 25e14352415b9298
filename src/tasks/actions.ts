'use server';

import { validatedAction } from './validated-action';

// The forms' server actions; what each does is in ./commands.ts.
export const createTask = validatedAction('createTask');
export const toggleTask = validatedAction('toggleTask');
export const renameTask = validatedAction('renameTask');
export const deleteTask = validatedAction('deleteTask');
