import 'server-only';
import { createClient } from '@supabase/supabase-js';
import { serverEnv } from '@/env';
import type { Database } from './database';

/**
 * A supabase-js client with the service_role key: it bypasses Row Level Security, so it is only
 * for server-side maintenance that acts for no signed-in user (Clerk webhooks). `server-only`
 * makes a client-bundle import a build error. Created per call; it holds no user's session.
 */
export function createSupabaseAdminClient() {
  const env = serverEnv();
  if (!env.SUPABASE_SERVICE_ROLE_KEY) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set');
  return createClient<Database>(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
