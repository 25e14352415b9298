import { z } from 'zod';
import { TASK_NAME_MAX } from './limits';
import { backField } from './list-view';

export const taskName = z
  .string({ error: 'Enter a task name.' })
  .trim()
  .min(1, 'Enter a task name.')
  .max(TASK_NAME_MAX, `Task names are at most ${TASK_NAME_MAX} characters.`)
  // PostgreSQL text cannot hold NUL; say so instead of failing at the database.
  .refine((name) => !name.includes('\u0000'), 'Task names cannot contain NUL characters.');

// Ids are positive identity values, which PostgREST sends as JSON numbers; anything else cannot name
// a task. Checked as text first, so "1e3" or "1.0" never coerce into a real id.
export const taskId = z
  .string({ error: 'Missing task id.' })
  .regex(/^[1-9][0-9]{0,15}$/, 'That task does not exist.')
  .transform(Number)
  .refine(Number.isSafeInteger, 'That task does not exist.');

// `back` is the list view the form was on (src/tasks/list-view.ts): where the outcome is shown.
export const createTaskInput = z.object({ name: taskName, back: backField });
export const renameTaskInput = z.object({ id: taskId, name: taskName, back: backField });
// Zod's default enum message ('Invalid option: expected one of "true"|"false"') would reach the page.
const doneState = z
  .enum(['true', 'false'], { error: 'That is not a valid task state.' })
  .transform((done) => done === 'true');
export const toggleTaskInput = z.object({ id: taskId, done: doneState, back: backField });
export const deleteTaskInput = z.object({ id: taskId, back: backField });
export const clearCompletedInput = z.object({ back: backField });
