'use server';

import { taskActions } from './task-actions';
import { listAction, scriptAction, stateAction } from './task-action';

// The forms' server actions (what each does is in ./task-actions.ts). Forms with in-page state
// (useActionState) get their errors back; the list's plain forms return to the list with a notice;
// the page's script gets the outcome itself, to show at once.
const { createTask: create, renameTask: rename, toggleTask: toggle, deleteTask: remove } = taskActions;

export const createTask = stateAction(create);
export const renameTask = stateAction(rename, 'list');
export const toggleTask = listAction(toggle);
export const deleteTask = listAction(remove);
export const clearCompleted = listAction(taskActions.clearCompleted);

export const createTaskNow = scriptAction(create);
export const renameTaskNow = scriptAction(rename);
export const toggleTaskNow = scriptAction(toggle);
export const deleteTaskNow = scriptAction(remove);
