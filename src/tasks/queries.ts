import 'server-only';
import { z } from 'zod';
import type { Task } from '@/supabase/database';
import { queryAsUser } from '@/supabase/server';
import { fromPostgrestError } from './errors';

export const PAGE_SIZE = 50;

export type { Task } from '@/supabase/database';

/** A position in the newest-first list: the (created_at, id) of a task at a page edge. */
export interface Cursor {
  createdAt: string;
  id: number;
}

export interface TaskPage {
  tasks: Task[];
  /** Cursor for the page of older tasks, when there is one. */
  older?: Cursor;
  /** Cursor for the page of newer tasks, when there is one. */
  newer?: Cursor;
  counts: { open: number; done: number };
}

const TASK_COLUMNS = 'id, name, done, created_at';

const cursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.number().int().positive()]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** A cursor from a URL parameter; undefined when it is absent or not one of ours. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of the signed-in user's tasks, newest first, by keyset pagination on (created_at, id):
 * `older` lists the tasks after a cursor, `newer` the ones before it. One PostgREST request
 * (drizzle/0008_task_page.sql) brings the page and both counts; RLS limits rows to the user.
 */
export async function getTaskPage({ older, newer }: { older?: Cursor; newer?: Cursor } = {}): Promise<TaskPage> {
  const ascending = Boolean(newer && !older);
  const edge = older ?? newer;
  const args = older
    ? { older_created_at: older.createdAt, older_id: older.id }
    : newer
      ? { newer_created_at: newer.createdAt, newer_id: newer.id }
      : {};
  // GET: a read-only transaction in PostgREST, and the arguments fit in the query string.
  const { data, error, status } = await queryAsUser((supabase) =>
    supabase.rpc('task_page', { ...args, page_size: PAGE_SIZE }, { get: true }),
  );
  if (error) throw fromPostgrestError(error, status);

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

/** One of the signed-in user's tasks, or null when it does not exist or belongs to someone else. */
export async function getTask(id: number): Promise<Task | null> {
  const { data, error, status } = await queryAsUser((supabase) =>
    supabase.from('tasks').select(TASK_COLUMNS).eq('id', id).maybeSingle(),
  );
  if (error) throw fromPostgrestError(error, status);
  return data;
}
