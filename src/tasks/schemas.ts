import { z } from 'zod';
import { TASK_NAME_MAX } from '@/db/limits';
import type { MessageCode } from '@/messages/messages';
import { backField } from './list-view';

// Each error is a message code (src/messages/messages.ts); the form shows its words.
const code = (message: MessageCode) => message;

export const taskName = z
  .string({ error: code('name-empty') })
  .trim()
  .min(1, code('name-empty'))
  .max(TASK_NAME_MAX, code('name-too-long'))
  // PostgreSQL text cannot hold NUL; say so instead of failing at the database.
  .refine((name) => !name.includes('\u0000'), code('name-nul'));

// Ids are positive identity values, which PostgREST sends as JSON numbers; anything else cannot name
// a task. Checked as text first, so "1e3" or "1.0" never coerce into a real id.
export const taskId = z
  .string({ error: code('id-missing') })
  .regex(/^[1-9][0-9]{0,15}$/, code('id-invalid'))
  .transform(Number)
  .refine(Number.isSafeInteger, code('id-invalid'));

// `back` is the list view the form was on (src/tasks/list-view.ts): where the outcome is shown.
export const createTaskInput = z.object({ name: taskName, back: backField });
export const renameTaskInput = z.object({ id: taskId, name: taskName, back: backField });
// Zod's default enum message ('Invalid option: expected one of "true"|"false"') would reach the page.
const doneState = z.enum(['true', 'false'], { error: code('state-invalid') }).transform((done) => done === 'true');
export const toggleTaskInput = z.object({ id: taskId, done: doneState, back: backField });
export const deleteTaskInput = z.object({ id: taskId, back: backField });
export const clearCompletedInput = z.object({ back: backField });
