import 'server-only';
import { TaskServiceError } from '@/supabase/errors';
import { queryAsUser } from '@/supabase/server';

// Writes run as the signed-in user, in the list `list` names (`/` or `/orgs/<slug>`), which the token must
// act for; user_id and org_id are never sent.

/** Adds a task to the list; its id, so the page can move focus to it. */
export async function insertTask(list: string, name: string): Promise<number> {
  const { data } = await queryAsUser(list, (supabase) => supabase.from('tasks').insert({ name }).select('id').single());
  return data.id;
}

async function updateTask(
  list: string,
  id: number,
  values: { name?: string; done?: boolean },
): Promise<{ changed: boolean }> {
  const { data } = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').update(values).eq('id', id).select('id'),
  );
  return { changed: data.length > 0 };
}

export const setTaskDone = (list: string, id: number, done: boolean) => updateTask(list, id, { done });
export const setTaskName = (list: string, id: number, name: string) => updateTask(list, id, { name });

export async function removeTask(list: string, id: number): Promise<{ changed: boolean }> {
  const { data } = await queryAsUser(list, (supabase) => supabase.from('tasks').delete().eq('id', id).select('id'));
  return { changed: data.length > 0 };
}

/** Deletes the done tasks the caller may delete (RLS decides), and counts the done ones left. */
export async function removeCompleted(list: string): Promise<{ deleted: number; kept: number }> {
  const removed = await queryAsUser(list, (supabase) => supabase.from('tasks').delete().eq('done', true).select('id'));
  const left = await queryAsUser(list, (supabase) =>
    supabase.from('tasks').select('id', { count: 'exact', head: true }).eq('done', true),
  );
  return { deleted: removed.data.length, kept: left.count ?? 0 };
}

/** Records that a parked submission was completed; false when it already was (a replay). */
export async function recordIntentReceipt(list: string, id: string): Promise<boolean> {
  try {
    await queryAsUser(list, (supabase) => supabase.from('intent_receipts').insert({ id }));
    return true;
  } catch (error) {
    if (error instanceof TaskServiceError && error.kind === 'duplicate') return false;
    throw error;
  }
}
