import 'server-only';
import { createSupabaseAdminClient } from '@/supabase/admin';

/**
 * Deletes every task of a Clerk user who no longer exists. Idempotent: a replayed event finds
 * nothing left and deletes 0 rows. Throws on a database error, so the webhook answers 500 and
 * Svix retries it.
 */
export async function purgeUserTasks(userId: string): Promise<number> {
  const { error, count } = await createSupabaseAdminClient()
    .from('tasks')
    .delete({ count: 'exact' })
    .eq('user_id', userId);
  if (error) throw new Error(`Deleting the tasks of ${userId} failed: ${error.code} ${error.message}`);
  return count ?? 0;
}
