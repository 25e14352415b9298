import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { clearDraft } from './draft';
import { activeListPath } from '@/orgs/active-list';
import { TASK_NOT_FOUND_MESSAGE, withNotice, type FormState } from './form-state';
import { getTask } from './queries';
import { insertTask, removeTask, setTaskDone, setTaskName } from './mutations';
import { createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';

// Every change a user can make to their tasks, in one table: a form's server action runs these
// (src/tasks/actions.ts), and so does /auth/continue when it completes a submission that arrived
// after the session token expired. Both validate the same form fields with the same schema.

export type Outcome = FormState & {
  /** Where the browser goes next, when not back to the form. */
  redirectTo?: string;
};

export interface Command<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** The field holding what the user typed: errors go beside it, and it is kept if saving fails. */
  inputField?: Extract<keyof z.input<S>, string>;
  /** The page the form is on, where the outcome is shown. */
  page: (input: z.output<S>) => string;
  run: (input: z.output<S>) => Promise<Outcome>;
}

// The list the session acts in (personal or its organization's): where a change is shown.
const NOT_YOURS_TO_DELETE =
  'Only the person who added this task or an admin of the organization can delete it. Nothing was deleted.';
const missing = (list: string) => withNotice(list, 'task-missing');

const command = <S extends z.ZodObject>(definition: Command<S>) => definition;

export const taskCommands = {
  createTask: command({
    schema: createTaskInput,
    inputField: 'name',
    page: () => '/',
    async run({ name }) {
      await insertTask(name);
      await clearDraft();
      revalidatePath(await activeListPath());
      return { status: 'success', message: `Added “${name}”.` };
    },
  }),
  toggleTask: command({
    schema: toggleTaskInput,
    page: () => '/',
    async run({ id, done }) {
      const { changed } = await setTaskDone(id, done);
      const list = await activeListPath();
      if (!changed) return { status: 'error', message: TASK_NOT_FOUND_MESSAGE, redirectTo: missing(list) };
      revalidatePath(list);
      return { status: 'success', message: done ? 'Marked done.' : 'Marked open.' };
    },
  }),
  renameTask: command({
    schema: renameTaskInput,
    inputField: 'name',
    page: ({ id }) => `/tasks/${id}/edit`,
    async run({ id, name }) {
      const { changed } = await setTaskName(id, name);
      if (!changed) return { status: 'error', message: TASK_NOT_FOUND_MESSAGE, values: { name } };
      await clearDraft();
      const list = await activeListPath();
      revalidatePath(list);
      return { status: 'success', message: 'Task renamed.', redirectTo: list };
    },
  }),
  deleteTask: command({
    schema: deleteTaskInput,
    page: () => '/',
    async run({ id }) {
      const { changed } = await removeTask(id);
      const list = await activeListPath();
      // Still visible but not deleted: an organization's task that neither the caller added nor an admin.
      if (!changed && (await getTask(id))) return { status: 'error', message: NOT_YOURS_TO_DELETE };
      if (!changed) return { status: 'error', message: TASK_NOT_FOUND_MESSAGE, redirectTo: missing(list) };
      revalidatePath(list);
      return { status: 'success', message: 'Task deleted.' };
    },
  }),
};

export type TaskCommandName = keyof typeof taskCommands;

export const isTaskCommandName = (name: string): name is TaskCommandName => Object.hasOwn(taskCommands, name);
