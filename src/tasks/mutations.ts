import 'server-only';
import { queryAsUser } from '@/supabase/server';
import { fromPostgrestError } from './errors';

// Writes run as the signed-in user, in the list `list` names (`/` or `/orgs/<slug>`), which the token
// must act for; user_id and org_id are never sent: the database fills them from the JWT.
// RLS hides other users' rows, so an update or delete of one affects no row and PostgREST answers
// 200 with [] rather than an error: `changed` says whether a row was really touched.

/** Adds a task to the caller's list; its id, so the page can move focus to it. */
export async function insertTask(list: string, name: string): Promise<number> {
  const { data, error, status } = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').insert({ name }).select('id').single(),
  );
  if (error) throw fromPostgrestError(error, status);
  return data.id;
}

async function updateTask(
  list: string,
  id: number,
  values: { name?: string; done?: boolean },
): Promise<{ changed: boolean }> {
  const { data, error, status } = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').update(values).eq('id', id).select('id'),
  );
  if (error) throw fromPostgrestError(error, status);
  return { changed: data.length > 0 };
}

export const setTaskDone = (list: string, id: number, done: boolean) => updateTask(list, id, { done });
export const setTaskName = (list: string, id: number, name: string) => updateTask(list, id, { name });

export async function removeTask(list: string, id: number): Promise<{ changed: boolean }> {
  const { data, error, status } = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').delete().eq('id', id).select('id'),
  );
  if (error) throw fromPostgrestError(error, status);
  return { changed: data.length > 0 };
}

/**
 * Deletes the done tasks of the caller's list that the caller may delete (RLS: in an organization a
 * member only their own, an admin all), and counts the done tasks that are left: those the caller may
 * not delete, or ones marked done meanwhile.
 */
export async function removeCompleted(list: string): Promise<{ deleted: number; kept: number }> {
  const removed = await queryAsUser(list, (supabase) => supabase.from('tasks').delete().eq('done', true).select('id'));
  if (removed.error) throw fromPostgrestError(removed.error, removed.status);
  const left = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').select('id', { count: 'exact', head: true }).eq('done', true),
  );
  if (left.error) throw fromPostgrestError(left.error, left.status);
  return { deleted: removed.data.length, kept: left.count ?? 0 };
}

/**
 * Records that a parked submission was completed; false when it already was (a replay). The id is
 * the primary key, so a second insert fails with a unique violation whichever instance serves it.
 */
export async function recordIntentReceipt(list: string, id: string): Promise<boolean> {
  const { error, status } = await queryAsUser(list, (supabase) => supabase.from('intent_receipts').insert({ id }));
  if (error?.code === '23505') return false;
  if (error) throw fromPostgrestError(error, status);
  return true;
}
