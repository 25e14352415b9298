import 'server-only';
import { createClient } from '@supabase/supabase-js';
import { serverEnv } from '@/env';
import type { Database } from './database';

/** The service_role key bypasses Row Level Security: only for maintenance that acts for no signed-in user. */
export function createSupabaseAdminClient() {
  const env = serverEnv();
  if (!env.SUPABASE_SERVICE_ROLE_KEY) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set');
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
