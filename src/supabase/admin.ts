import 'server-only';
import { createClient } from '@supabase/supabase-js';
import { serverEnv } from '@/env';
import type { Database } from './database';

/** A supabase-js client with the service_role key. */
export function createSupabaseAdminClient() {
  const env = serverEnv();
  if (!env.SUPABASE_SERVICE_ROLE_KEY) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set');
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
