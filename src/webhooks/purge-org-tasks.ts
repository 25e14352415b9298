import 'server-only';
import { createSupabaseAdminClient } from '@/supabase/admin';

export async function purgeOrgTasks(orgId: string): Promise<number> {
  const client = createSupabaseAdminClient();
  const tasks = await client.from('tasks').delete({ count: 'exact' }).eq('org_id', orgId);
  if (tasks.error)
    throw new Error(`Deleting the tasks of organization ${orgId} failed: ${tasks.error.code} ${tasks.error.message}`);
  return tasks.count ?? 0;
}
