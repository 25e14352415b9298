import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import { supabaseAccessToken } from '@/auth/supabase-token';
import { serverEnv } from '@/env';
import type { Database } from './database';

/**
 * A supabase-js client for this request, authorised as the signed-in Clerk user: PostgREST runs
 * every query as that user and Row Level Security does the isolation. Created per request, never
 * at module scope, so one user's token can never serve another's request.
 */
export async function createSupabaseServerClient() {
  const [token, cookieStore] = await Promise.all([supabaseAccessToken(), cookies()]);
  const env = serverEnv();
  return createServerClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    // Clerk owns the session cookies; Supabase Auth is not used, so its cookies are never written.
    cookies: { getAll: () => cookieStore.getAll(), setAll: () => {} },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
}

export type SupabaseServerClient = Awaited<ReturnType<typeof createSupabaseServerClient>>;
