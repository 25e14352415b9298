import 'server-only';
import { queryAsUser } from '@/supabase/server';
import { fromPostgrestError } from './errors';

// Writes run as the signed-in user; user_id is never sent: the database fills it from the JWT.
// RLS hides other users' rows, so an update or delete of one affects no row and PostgREST answers
// 200 with [] rather than an error: `changed` says whether a row was really touched.

export async function insertTask(name: string): Promise<void> {
  const { error, status } = await queryAsUser((supabase) => supabase.from('tasks').insert({ name }));
  if (error) throw fromPostgrestError(error, status);
}

async function updateTask(id: number, values: { name?: string; done?: boolean }): Promise<{ changed: boolean }> {
  const { data, error, status } = await queryAsUser((supabase) =>
    supabase.from('tasks').update(values).eq('id', id).select('id'),
  );
  if (error) throw fromPostgrestError(error, status);
  return { changed: data.length > 0 };
}

export const setTaskDone = (id: number, done: boolean) => updateTask(id, { done });
export const setTaskName = (id: number, name: string) => updateTask(id, { name });

export async function removeTask(id: number): Promise<{ changed: boolean }> {
  const { data, error, status } = await queryAsUser((supabase) =>
    supabase.from('tasks').delete().eq('id', id).select('id'),
  );
  if (error) throw fromPostgrestError(error, status);
  return { changed: data.length > 0 };
}

/**
 * Records that a parked submission was completed; false when it already was (a replay). The id is
 * the primary key, so a second insert fails with a unique violation whichever instance serves it.
 */
export async function recordIntentReceipt(id: string): Promise<boolean> {
  const { error, status } = await queryAsUser((supabase) => supabase.from('intent_receipts').insert({ id }));
  if (error?.code === '23505') return false;
  if (error) throw fromPostgrestError(error, status);
  return true;
}
