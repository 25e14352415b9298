import 'server-only';
import { revalidatePath } from 'next/cache';
import { clearDraft } from './draft';
import { editHref, listHref, type ListView } from './list-view';
import { queryAsUser } from '@/supabase/server';
import { getTask, keepAnsweredPage, PAGE_SIZE } from './queries';
import { clearCompletedInput, createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';
import { taskAction, type Outcome } from './task-action';

// Every change a user can make to their tasks, each with its schema and body. Each write runs as the
// signed-in user in the form's list; user_id and org_id are never sent, and RLS decides what changes.

/** Whatever list the form was on is shown fresh next time (a personal or an organization's list). */
const refresh = (list: ListView) => revalidatePath(list.path);

/** PostgREST answers an update of a row RLS hides with [], not an error: false when nothing changed. */
async function updateTask(list: ListView, id: number, values: { name?: string; done?: boolean }) {
  const { data } = await queryAsUser(list.path, (db) => db.from('tasks').update(values).eq('id', id).select('id'));
  return data.length > 0;
}

export const taskActions = {
  createTask: taskAction('createTask', {
    schema: createTaskInput,
    inputField: 'name',
    async run({ name }, list) {
      // add_task answers with the list's first page too, so the re-render need not read it again.
      const { data } = await queryAsUser(list.path, (db) =>
        db.rpc('add_task', { name, page_size: PAGE_SIZE, show: list.show }),
      );
      await keepAnsweredPage(list, data.page);
      await clearDraft();
      refresh(list);
      return { status: 'success', message: 'task-added', params: { name }, id: data.id };
    },
  }),
  toggleTask: taskAction('toggleTask', {
    schema: toggleTaskInput,
    async run({ id, done }, list) {
      if (!(await updateTask(list, id, { done }))) return { status: 'error', message: 'task-missing' };
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
      if (!(await updateTask(list, id, { name })))
        return { status: 'error', message: 'task-missing', values: { name } };
      await clearDraft();
      refresh(list);
      return { status: 'success', message: 'task-renamed', notice: 'task-renamed' };
    },
  }),
  deleteTask: taskAction('deleteTask', {
    schema: deleteTaskInput,
    async run({ id }, list) {
      const { data } = await queryAsUser(list.path, (db) => db.from('tasks').delete().eq('id', id).select('id'));
      // Still visible but not deleted: an organization's task that neither the caller added nor an admin.
      if (data.length === 0)
        return { status: 'error', message: (await getTask(list.path, id)) ? 'not-yours' : 'task-missing' };
      refresh(list);
      return { status: 'success', message: 'task-deleted', notice: 'task-deleted' };
    },
  }),
  clearCompleted: taskAction('clearCompleted', {
    schema: clearCompletedInput,
    async run(_input, list): Promise<Outcome> {
      const removed = await queryAsUser(list.path, (db) => db.from('tasks').delete().eq('done', true).select('id'));
      // RLS keeps an organization's done tasks that the caller may not delete: say how many are left.
      const left = await queryAsUser(list.path, (db) =>
        db.from('tasks').select('id', { count: 'exact', head: true }).eq('done', true),
      );
      const [deleted, kept] = [removed.data.length, left.count ?? 0];
      refresh(list);
      if (!kept) return { status: 'success', message: 'cleared', params: { n: deleted }, notice: 'cleared' };
      return { status: 'success', message: 'cleared-kept-here', params: { n: deleted, kept }, notice: 'cleared-kept' };
    },
  }),
};

export type TaskActionName = keyof typeof taskActions;

export const isTaskActionName = (name: string): name is TaskActionName => Object.hasOwn(taskActions, name);
