import 'server-only';
import { createSupabaseAdminClient } from '@/supabase/admin';

export async function purgeUserTasks(userId: string): Promise<number> {
  const client = createSupabaseAdminClient();
  const tasks = await client.from('tasks').delete({ count: 'exact' }).eq('user_id', userId).is('org_id', null);
  if (tasks.error)
    throw new Error(`Deleting the tasks of ${userId} failed: ${tasks.error.code} ${tasks.error.message}`);
  const receipts = await client.from('intent_receipts').delete().eq('user_id', userId);
  if (receipts.error) {
    throw new Error(
      `Deleting the intent receipts of ${userId} failed: ${receipts.error.code} ${receipts.error.message}`,
    );
  }
  return tasks.count ?? 0;
}
