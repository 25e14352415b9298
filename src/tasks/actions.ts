'use server';

import { taskActions } from './task-actions';
import { listAction, scriptAction, stateAction } from './task-action';

// The forms' server actions (what each does is in ./task-actions.ts).
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
