import 'server-only';
import { revalidatePath } from 'next/cache';
import { clearDraft } from './draft';
import { editHref, listHref, type ListView } from './list-view';
import { insertTask, removeCompleted, removeTask, setTaskDone, setTaskName } from './mutations';
import { getTask } from './queries';
import { clearCompletedInput, createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';
import { taskAction, type Outcome } from './task-action';

// Every change a user can make to their tasks, each with its schema and body.

/** Whatever list the form was on is shown fresh next time (a personal or an organization's list). */
const refresh = (list: ListView) => revalidatePath(list.path);

export const taskActions = {
  createTask: taskAction('createTask', {
    schema: createTaskInput,
    inputField: 'name',
    async run({ name }, list) {
      const id = await insertTask(list.path, name);
      await clearDraft();
      refresh(list);
      return { status: 'success', message: 'task-added', params: { name }, id };
    },
  }),
  toggleTask: taskAction('toggleTask', {
    schema: toggleTaskInput,
    async run({ id, done }, list) {
      const { changed } = await setTaskDone(list.path, id, done);
      if (!changed) return { status: 'error', message: 'task-missing' };
      refresh(list);
      const message = done ? 'task-done' : 'task-reopened';
      return { status: 'success', message, notice: message };
    },
  }),
  renameTask: taskAction('renameTask', {
    schema: renameTaskInput,
    inputField: 'name',
    page: ({ id }, list) => editHref(id, listHref(list)),
    async run({ id, name }, list) {
      const { changed } = await setTaskName(list.path, id, name);
      if (!changed) return { status: 'error', message: 'task-missing', values: { name } };
      await clearDraft();
      refresh(list);
      return { status: 'success', message: 'task-renamed', notice: 'task-renamed' };
    },
  }),
  deleteTask: taskAction('deleteTask', {
    schema: deleteTaskInput,
    async run({ id }, list) {
      const { changed } = await removeTask(list.path, id);
      // Still visible but not deleted: an organization's task that neither the caller added nor an admin.
      if (!changed) return { status: 'error', message: (await getTask(list.path, id)) ? 'not-yours' : 'task-missing' };
      refresh(list);
      return { status: 'success', message: 'task-deleted', notice: 'task-deleted' };
    },
  }),
  clearCompleted: taskAction('clearCompleted', {
    schema: clearCompletedInput,
    async run(_input, list): Promise<Outcome> {
      const { deleted, kept } = await removeCompleted(list.path);
      refresh(list);
      if (!kept) return { status: 'success', message: 'cleared', params: { n: deleted }, notice: 'cleared' };
      return { status: 'success', message: 'cleared-kept-here', params: { n: deleted, kept }, notice: 'cleared-kept' };
    },
  }),
};

export type TaskActionName = keyof typeof taskActions;

export const isTaskActionName = (name: string): name is TaskActionName => Object.hasOwn(taskActions, name);
