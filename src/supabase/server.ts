import 'server-only';
import { createServerClient } from '@supabase/ssr';
import type { PostgrestError } from '@supabase/supabase-js';
import { cookies } from 'next/headers';
import { forgetRefusedToken, supabaseAccessToken } from '@/auth/supabase-token';
import { serverEnv } from '@/env';
import type { Database } from './database';
import { fromPostgrestError } from './errors';
import { supabaseFetch } from './transport';

/** A supabase-js client for this request, authorised as the signed-in Clerk user. */
export async function createSupabaseServerClient(accessToken: string) {
  const cookieStore = await cookies();
  const env = serverEnv();
  return createServerClient<Database>(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    // Clerk owns the session cookies; Supabase Auth is not used, so its cookies are never written.
    cookies: { getAll: () => cookieStore.getAll(), setAll: () => {} },
    global: { headers: { Authorization: `Bearer ${accessToken}` }, fetch: supabaseFetch },
  });
}

export type SupabaseServerClient = Awaited<ReturnType<typeof createSupabaseServerClient>>;

/** Runs a query as the signed-in user, in the list `listPath` names (`/` or `/orgs/<slug>`). */
export async function queryAsUser<R extends { error: PostgrestError | null; status: number }>(
  listPath: string,
  run: (client: SupabaseServerClient) => PromiseLike<R>,
): Promise<Extract<R, { error: null }>> {
  const token = await supabaseAccessToken(listPath);
  let result = await run(await createSupabaseServerClient(token));
  if (result.status === 401) {
    await forgetRefusedToken(token);
    const fresh = await supabaseAccessToken(listPath);
    if (fresh !== token) result = await run(await createSupabaseServerClient(fresh));
  }
  if (!succeeded(result)) throw fromPostgrestError(result.error!, result.status);
  return result;
}

const succeeded = <R extends { error: PostgrestError | null }>(result: R): result is Extract<R, { error: null }> =>
  result.error === null;
