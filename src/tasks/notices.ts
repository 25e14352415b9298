// Query parameter an action redirects to when the task it was asked to change is gone; the page
// then shows TASK_NOT_FOUND_MESSAGE above the list. (Its own module: actions.ts is 'use server'.)
export const TASK_MISSING_PARAM = 'task=missing';
export const TASK_NOT_FOUND_MESSAGE = 'That task does not exist. It may have been deleted.';
