import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { clearDraft } from './draft';
import { NOT_YOURS_TO_DELETE, TASK_NOT_FOUND_MESSAGE, type ActionResult, type NoticeCode } from './form-state';
import { editHref, listHref, type ListView } from './list-view';
import { getTask } from './queries';
import { insertTask, removeCompleted, removeTask, setTaskDone, setTaskName } from './mutations';
import { clearCompletedInput, createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';

// Every change a user can make to their tasks, in one table: a form's server action runs these
// (src/tasks/actions.ts), and so does /auth/continue when it completes a submission that arrived
// after the session token expired. Both validate the same form fields with the same schema.

export type Outcome = ActionResult & {
  /** The page notice that reports a success after a redirect to the list (forms without JavaScript). */
  notice?: NoticeCode;
  /** Extra URL parameters of that notice (counts). */
  noticeParams?: Record<string, string>;
};

export interface Command<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** The field holding what the user typed: errors go beside it, and it is kept if saving fails. */
  inputField?: Extract<keyof z.input<S>, string>;
  /** The page the form is on in the list view `list`, where the outcome is shown. */
  page: (input: z.output<S>, list: ListView) => string;
  /** Runs in the list view the form belongs to, where the browser returns after the change. */
  run: (input: z.output<S>, list: ListView) => Promise<Outcome>;
}

const command = <S extends z.ZodObject>(definition: Command<S>) => definition;

const missing: Outcome = { status: 'error', message: TASK_NOT_FOUND_MESSAGE };

/** Whatever list the form was on is shown fresh next time (a personal or an organization's list). */
const refresh = (view: ListView) => revalidatePath(view.path);

export const taskCommands = {
  createTask: command({
    schema: createTaskInput,
    inputField: 'name',
    page: (_input, list) => listHref(list),
    async run({ name }, back) {
      const id = await insertTask(back.path, name);
      await clearDraft();
      refresh(back);
      return { status: 'success', message: `Added “${name}”.`, id };
    },
  }),
  toggleTask: command({
    schema: toggleTaskInput,
    page: (_input, list) => listHref(list),
    async run({ id, done }, back) {
      const { changed } = await setTaskDone(back.path, id, done);
      if (!changed) return missing;
      refresh(back);
      return {
        status: 'success',
        message: done ? 'Marked done.' : 'Marked open.',
        notice: done ? 'task-done' : 'task-reopened',
      };
    },
  }),
  renameTask: command({
    schema: renameTaskInput,
    inputField: 'name',
    page: ({ id }, list) => editHref(id, listHref(list)),
    async run({ id, name }, back) {
      const { changed } = await setTaskName(back.path, id, name);
      if (!changed) return { ...missing, values: { name } };
      await clearDraft();
      refresh(back);
      return { status: 'success', message: 'Task renamed.', notice: 'task-renamed' };
    },
  }),
  deleteTask: command({
    schema: deleteTaskInput,
    page: (_input, list) => listHref(list),
    async run({ id }, back) {
      const { changed } = await removeTask(back.path, id);
      // Still visible but not deleted: an organization's task that neither the caller added nor an admin.
      if (!changed) return (await getTask(back.path, id)) ? { status: 'error', message: NOT_YOURS_TO_DELETE } : missing;
      refresh(back);
      return { status: 'success', message: 'Task deleted.', notice: 'task-deleted' };
    },
  }),
  clearCompleted: command({
    schema: clearCompletedInput,
    page: (_input, list) => listHref(list),
    async run(_input, back) {
      const { deleted, kept } = await removeCompleted(back.path);
      refresh(back);
      const plural = (n: number) => (n === 1 ? 'task' : 'tasks');
      const noticeParams: Record<string, string> = { n: String(deleted) };
      if (kept) noticeParams.kept = String(kept);
      return {
        status: 'success',
        message:
          `Deleted ${deleted} completed ${plural(deleted)}.` +
          (kept ? ` ${kept} completed ${plural(kept)} added by others ${kept === 1 ? 'was' : 'were'} kept.` : ''),
        notice: kept ? 'cleared-kept' : 'cleared',
        noticeParams,
      };
    },
  }),
};

export type TaskCommandName = keyof typeof taskCommands;

export const isTaskCommandName = (name: string): name is TaskCommandName => Object.hasOwn(taskCommands, name);
