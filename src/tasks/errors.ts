import { isClerkAPIResponseError } from '@clerk/nextjs/errors';
import type { PostgrestError } from '@supabase/supabase-js';
import { NotSignedInError } from '@/auth/supabase-token';
import {
  AUTH_UNAVAILABLE,
  MISCONFIGURED,
  SESSION_EXPIRED,
  TASK_LIMIT,
  UNAVAILABLE,
  type NoticeCode,
} from './form-state';

export type FailureKind = 'unavailable' | 'auth' | 'invalid' | 'forbidden' | 'misconfigured' | 'limit';

/** A failure the user can act on, with the words to show them. Never carries a stack to the page. */
export class TaskServiceError extends Error {
  constructor(
    readonly userMessage: string,
    readonly kind: FailureKind,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'TaskServiceError';
  }
}

/**
 * What an operator should check for each way the Clerk ↔ Supabase setup can be wrong. These all
 * look like "signed out" to a user, so each is named in the log instead.
 */
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

/** One structured line per failure for the operator's log. */
function logFailure(fields: Record<string, unknown>): void {
  console.error(JSON.stringify({ event: 'supabase_request_failed', ...fields }));
}

/** Turns a PostgREST or gateway error (as supabase-js reports it) into a TaskServiceError, and logs why. */
export function fromPostgrestError(error: PostgrestError, status: number): TaskServiceError {
  const { code, message, hint } = error;
  const fail = (kind: FailureKind, userMessage: string, likelyCause?: string) => {
    logFailure({ kind, status, code, message, hint, likelyCause });
    return new TaskServiceError(userMessage, kind, { cause: error });
  };
  if (code === '23514' || code === '22001' || code === '22P05' || code === '22021') {
    return fail('invalid', 'Task names must be 1 to 500 characters of text.');
  }
  if (code === 'TL001') return fail('limit', TASK_LIMIT);
  // 42501 as anon (401): the token carried no role. As authenticated (403): a policy said no.
  if (code === '42501') {
    return status === 401
      ? fail('misconfigured', MISCONFIGURED, CAUSES.noRole)
      : fail('forbidden', 'You cannot change that task.');
  }
  if (status === 401 && /JWT expired/i.test(message)) return fail('auth', SESSION_EXPIRED, 'session token expired');
  if (status === 401 && (code?.startsWith('PGRST30') || /JWS|JWT/.test(message))) {
    return fail('misconfigured', MISCONFIGURED, CAUSES.badSignature);
  }
  if (status === 401 && /API key/i.test(message)) return fail('misconfigured', MISCONFIGURED, CAUSES.badApiKey);
  if (code === '42P01' || code === '42883' || code === 'PGRST202' || code === 'PGRST205') {
    return fail('misconfigured', MISCONFIGURED, CAUSES.noSchema);
  }
  // Network failures (status 0), PostgREST without its database (503, PGRST00x), gateway errors.
  return fail('unavailable', UNAVAILABLE, status === 0 ? 'Supabase is unreachable from this server' : undefined);
}

/** Any failure from reading or writing tasks, in the words the page shows. */
export function toTaskServiceError(error: unknown): TaskServiceError {
  if (error instanceof TaskServiceError) return error;
  if (error instanceof NotSignedInError) return new TaskServiceError(SESSION_EXPIRED, 'auth', { cause: error });
  // Anything else comes from fetching the Clerk token: a refusal names a setting, the rest is an outage.
  const status = isClerkAPIResponseError(error) ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const likelyCause =
    status === 404 ? CAUSES.clerkTemplate : status === 401 || status === 403 ? CAUSES.clerkSecretKey : undefined;
  if (likelyCause) {
    console.error(
      JSON.stringify({ event: 'clerk_request_failed', kind: 'misconfigured', status, message, likelyCause }),
    );
    return new TaskServiceError(MISCONFIGURED, 'misconfigured', { cause: error });
  }
  console.error(JSON.stringify({ event: 'clerk_request_failed', kind: 'unavailable', status, message }));
  return new TaskServiceError(AUTH_UNAVAILABLE, 'unavailable', { cause: error });
}

/**
 * Runs a page's read; a failure becomes the words to show in its place, and the cause goes to the
 * operator's log.
 */
export async function loadOrFailure<T>(
  load: () => Promise<T>,
): Promise<{ data: T; failure?: undefined } | { data?: undefined; failure: string }> {
  try {
    return { data: await load() };
  } catch (error) {
    return { failure: toTaskServiceError(error).userMessage };
  }
}

/** The page notice that tells a user about a failure after a redirect. */
export function noticeForFailure(error: TaskServiceError): NoticeCode {
  if (error.kind === 'misconfigured' || error.kind === 'limit') return error.kind;
  if (error.kind === 'auth') return 'signed-out';
  if (error.kind === 'invalid' || error.kind === 'forbidden') return 'not-saved';
  return error.userMessage === AUTH_UNAVAILABLE ? 'auth-unavailable' : 'unavailable';
}
