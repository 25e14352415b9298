import type { PostgrestError } from '@supabase/supabase-js';
import { NotSignedInError } from '@/auth/supabase-token';

/** A failure the user can act on, with the words to show them. Never carries a stack to the page. */
export class TaskServiceError extends Error {
  constructor(
    readonly userMessage: string,
    readonly kind: 'unavailable' | 'auth' | 'invalid' | 'forbidden',
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'TaskServiceError';
  }
}

export const UNAVAILABLE =
  'The task service is unavailable right now. Nothing was changed; please try again in a moment.';
export const AUTH_UNAVAILABLE =
  'The sign-in service is unavailable right now. Nothing was changed; please try again in a moment.';
export const SESSION_EXPIRED = 'Your session has expired. Please sign in again.';

/** Turns a PostgREST error (as supabase-js reports it) into a TaskServiceError. */
export function fromPostgrestError(error: PostgrestError, status: number): TaskServiceError {
  if (error.code === '23514' || error.code === '22001' || error.code === '22P05' || error.code === '22021') {
    return new TaskServiceError('Task names must be 1 to 500 characters of text.', 'invalid', { cause: error });
  }
  if (error.code === '42501')
    return new TaskServiceError('You cannot change that task.', 'forbidden', { cause: error });
  if (status === 401 || error.code?.startsWith('PGRST30')) {
    return new TaskServiceError(SESSION_EXPIRED, 'auth', { cause: error });
  }
  // Network failures (status 0), PostgREST without its database (503, PGRST00x), gateway errors.
  return new TaskServiceError(UNAVAILABLE, 'unavailable', { cause: error });
}

/** Any failure from reading or writing tasks, in the words the page shows. */
export function toTaskServiceError(error: unknown): TaskServiceError {
  if (error instanceof TaskServiceError) return error;
  if (error instanceof NotSignedInError) return new TaskServiceError(SESSION_EXPIRED, 'auth', { cause: error });
  // Anything else comes from fetching the Clerk token (Backend API down or refusing).
  return new TaskServiceError(AUTH_UNAVAILABLE, 'unavailable', { cause: error });
}

/**
 * Runs a page's read; a failure becomes the words to show in its place, and the cause goes to the
 * operator's log under `label`.
 */
export async function loadOrFailure<T>(
  label: string,
  load: () => Promise<T>,
): Promise<{ data: T; failure?: undefined } | { data?: undefined; failure: string }> {
  try {
    return { data: await load() };
  } catch (error) {
    console.error(`[${label}]`, error instanceof Error ? error.message : error);
    return { failure: toTaskServiceError(error).userMessage };
  }
}
