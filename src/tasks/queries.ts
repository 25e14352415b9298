import 'server-only';
import { headers } from 'next/headers';
import type { Database, Task, TaskFilter } from '@/supabase/database';
import { queryAsUser } from '@/supabase/server';
import type { ListView } from './list-view';
import type { Cursor, TaskPage } from './page-cursor';

export const PAGE_SIZE = 50;

export type { Task, TaskFilter } from '@/supabase/database';
export { decodeCursor, encodeCursor, type Cursor, type TaskPage } from './page-cursor';

const TASK_COLUMNS = 'id, name, done, created_at, user_id';

type PageData = Database['public']['Functions']['task_page']['Returns'];

// A list's first page that a write of this request answered with (add_task): the render that follows
// the write shows it instead of reading it again. Keyed by the request's headers object, as requestAuth.
const answeredByWrite = new WeakMap<object, { list: string; show: TaskFilter; data: PageData }>();

/** A write answered with the view's list page (add_task): the render that follows shows it. */
export async function keepAnsweredPage(view: ListView, data: PageData): Promise<void> {
  if (!view.older && !view.newer) answeredByWrite.set(await headers(), { list: view.path, show: view.show, data });
}

async function firstPageAnswered(list: string, show: TaskFilter): Promise<PageData | undefined> {
  const key = await headers();
  const answered = answeredByWrite.get(key);
  answeredByWrite.delete(key);
  return answered?.list === list && answered.show === show ? answered.data : undefined;
}

/**
 * One page of the tasks of the list `list` (`/` or `/orgs/<slug>`), newest first, by keyset pagination on
 * (created_at, id).
 */
export async function getTaskPage(
  list: string,
  { older, newer, show = 'all' }: { older?: Cursor; newer?: Cursor; show?: TaskFilter } = {},
): Promise<TaskPage> {
  const ascending = Boolean(newer && !older);
  const edge = older ?? newer;
  const args = older
    ? { older_created_at: older.createdAt, older_id: older.id }
    : newer
      ? { newer_created_at: newer.createdAt, newer_id: newer.id }
      : {};
  const data =
    (edge ? undefined : await firstPageAnswered(list, show)) ??
    // GET: a read-only transaction in PostgREST, and the arguments fit in the query string.
    (
      await queryAsUser(list, (supabase) =>
        supabase.rpc('task_page', { ...args, page_size: PAGE_SIZE, show }, { get: true }),
      )
    ).data;

  const rows = data.tasks;
  const hasMore = rows.length > PAGE_SIZE;
  const tasks = rows.slice(0, PAGE_SIZE);
  if (ascending) tasks.reverse();
  const first = tasks[0];
  const last = tasks[tasks.length - 1];
  const cursorOf = (task: Task | undefined) => (task ? { createdAt: task.created_at, id: task.id } : undefined);
  return {
    tasks,
    older: (ascending ? true : hasMore) ? cursorOf(last) : undefined,
    newer: (ascending ? hasMore : Boolean(edge)) ? cursorOf(first) : undefined,
    counts: { open: data.open, done: data.done },
  };
}

/** One of the tasks of the list `list`, or null when it does not exist or belongs to another list. */
export async function getTask(list: string, id: number): Promise<Task | null> {
  const { data } = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').select(TASK_COLUMNS).eq('id', id).maybeSingle(),
  );
  return data;
}
