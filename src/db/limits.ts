/** Longest task name a user may save; the table's CHECK constraint and the form validation share it. */
export const TASK_NAME_MAX = 500;
