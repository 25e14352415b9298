import { isClerkAPIResponseError } from '@clerk/nextjs/errors';
import type { PostgrestError } from '@supabase/supabase-js';
import { NotSignedInError } from '@/auth/supabase-token';
import type { MessageCode } from '@/messages/messages';

export type FailureKind = 'unavailable' | 'auth' | 'invalid' | 'forbidden' | 'misconfigured' | 'limit' | 'duplicate';

/** A failure the user can act on, with the message to show them. Never carries a stack to the page. */
export class TaskServiceError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly kind: FailureKind,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'TaskServiceError';
  }
}

const CAUSES = {
  badSignature:
    'PostgREST rejected the token signature: template mode: the Clerk JWT template must be signed (HS256) with ' +
    'the Supabase JWT secret; native mode: add Clerk under Supabase → Authentication → Third-party auth',
  noRole:
    'the token has no "role": "authenticated" claim, so PostgREST ran the query as anon: add it to the Clerk JWT ' +
    'template claims (template mode) or enable Clerk’s Supabase integration (native mode)',
  badApiKey:
    'the Supabase gateway rejected SUPABASE_ANON_KEY: copy the anon key from Supabase → Project Settings → API',
  noSchema: 'the tasks table or a function is missing: apply the migrations with `npm run db:push`',
  clerkTemplate:
    'Clerk has no JWT template named by CLERK_SUPABASE_TEMPLATE (default "supabase"): create it under Clerk ' +
    'Dashboard → JWT templates, or set CLERK_SUPABASE_AUTH=native',
  clerkSecretKey: 'the Clerk Backend API rejected CLERK_SECRET_KEY: copy it from Clerk Dashboard → API keys',
} as const;

function logFailure(fields: Record<string, unknown>): void {
  console.error(JSON.stringify({ event: 'supabase_request_failed', ...fields }));
}

export function fromPostgrestError(error: PostgrestError, status: number): TaskServiceError {
  const { code, message, hint } = error;
  const fail = (kind: FailureKind, shown: MessageCode, likelyCause?: string) => {
    logFailure({ kind, status, code, message, hint, likelyCause });
    return new TaskServiceError(shown, kind, { cause: error });
  };
  // A unique violation: only intent receipts have one, and it means the submission was already made.
  if (code === '23505') return new TaskServiceError('intent-replayed', 'duplicate', { cause: error });
  if (code === '23514' || code === '22001' || code === '22P05' || code === '22021') {
    return fail('invalid', 'name-invalid');
  }
  if (code === 'TL001') return fail('limit', 'limit');
  // 42501 as anon (401): the token carried no role. As authenticated (403): a policy said no.
  if (code === '42501') {
    return status === 401 ? fail('misconfigured', 'misconfigured', CAUSES.noRole) : fail('forbidden', 'not-allowed');
  }
  if (status === 401 && /JWT expired/i.test(message)) return fail('auth', 'session-expired', 'session token expired');
  if (status === 401 && (code?.startsWith('PGRST30') || /JWS|JWT/.test(message))) {
    return fail('misconfigured', 'misconfigured', CAUSES.badSignature);
  }
  if (status === 401 && /API key/i.test(message)) return fail('misconfigured', 'misconfigured', CAUSES.badApiKey);
  if (code === '42P01' || code === '42883' || code === 'PGRST202' || code === 'PGRST205') {
    return fail('misconfigured', 'misconfigured', CAUSES.noSchema);
  }
  // Network failures (status 0), PostgREST without its database (503, PGRST00x), gateway errors.
  return fail('unavailable', 'unavailable', status === 0 ? 'Supabase is unreachable from this server' : undefined);
}

export function toTaskServiceError(error: unknown): TaskServiceError {
  if (error instanceof TaskServiceError) return error;
  if (error instanceof NotSignedInError) return new TaskServiceError('session-expired', 'auth', { cause: error });
  // Anything else comes from fetching the Clerk token: a refusal names a setting, the rest is an outage.
  const status = isClerkAPIResponseError(error) ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const likelyCause =
    status === 404 ? CAUSES.clerkTemplate : status === 401 || status === 403 ? CAUSES.clerkSecretKey : undefined;
  if (likelyCause) {
    console.error(
      JSON.stringify({ event: 'clerk_request_failed', kind: 'misconfigured', status, message, likelyCause }),
    );
    return new TaskServiceError('misconfigured', 'misconfigured', { cause: error });
  }
  console.error(JSON.stringify({ event: 'clerk_request_failed', kind: 'unavailable', status, message }));
  return new TaskServiceError('auth-unavailable', 'unavailable', { cause: error });
}

export async function loadOrFailure<T>(
  load: () => Promise<T>,
): Promise<{ data: T; failure?: undefined } | { data?: undefined; failure: MessageCode }> {
  try {
    return { data: await load() };
  } catch (error) {
    return { failure: toTaskServiceError(error).code };
  }
}

export function noticeForFailure(error: TaskServiceError): MessageCode {
  if (error.kind === 'auth') return 'signed-out';
  if (error.kind === 'invalid' || error.kind === 'forbidden') return 'not-saved';
  return error.code;
}
