// What a task form shows after its action ran (useActionState, with and without JavaScript), and the
// page-level notices an action can redirect to.

export interface FormState<Field extends string = string> {
  status: 'idle' | 'success' | 'error';
  /** A message for the whole form: a polite status on success, an alert on failure. */
  message?: string;
  /** Messages shown next to the named fields. */
  fieldErrors?: Partial<Record<Field, string[]>>;
  /** The user's input, echoed back on error so nothing they typed is lost. */
  values?: Partial<Record<Field, string>>;
}

export const initialFormState: FormState = { status: 'idle' };

export const TASK_NOT_FOUND_MESSAGE = 'That task does not exist. It may have been deleted.';
export const UNAVAILABLE =
  'The task service is unavailable right now. Nothing was changed; please try again in a moment.';
export const AUTH_UNAVAILABLE =
  'The sign-in service is unavailable right now. Nothing was changed; please try again in a moment.';
export const SESSION_EXPIRED = 'Your session has expired. Please sign in again.';
export const MISCONFIGURED = 'The service is misconfigured; nothing was saved. The site’s operator has been told.';
export const TASK_LIMIT = 'You have reached the limit of stored tasks. Delete some to add more.';

/**
 * Messages a page shows after a redirect, named in its URL (`?notice=task-missing`): a fixed table,
 * so a crafted link cannot put words of its own on the page.
 */
export const NOTICES = {
  // The task a toggle or delete was for is gone; its list item may not be on the re-rendered page
  // to show the form's message (never so without JavaScript).
  'task-missing': { tone: 'error', text: TASK_NOT_FOUND_MESSAGE },
  saved: { tone: 'info', text: 'Your session was refreshed and your change was saved.' },
  'signed-out': { tone: 'error', text: 'Your session has ended, so your change was not saved. Please sign in again.' },
  'other-user': {
    tone: 'error',
    text: 'That change was made while another account was signed in here, so it was not saved.',
  },
  'intent-expired': {
    tone: 'error',
    text: 'That change waited too long for your session to be refreshed, so it was not saved. Please try again.',
  },
  'intent-replayed': { tone: 'error', text: 'That change was already saved; it was not made a second time.' },
  'intent-invalid': { tone: 'error', text: 'That change could not be read, so nothing was saved. Please try again.' },
  'sign-out-failed': {
    tone: 'error',
    text: 'We could not end your session at the sign-in service, so you are still signed in. Please try again.',
  },
  unavailable: { tone: 'error', text: UNAVAILABLE },
  'auth-unavailable': { tone: 'error', text: AUTH_UNAVAILABLE },
  misconfigured: { tone: 'error', text: MISCONFIGURED },
  limit: { tone: 'error', text: TASK_LIMIT },
  'not-saved': { tone: 'error', text: 'Your change could not be saved. Nothing was changed; please try again.' },
} as const satisfies Record<string, { tone: 'info' | 'error'; text: string }>;

export type NoticeCode = keyof typeof NOTICES;

export const withNotice = (path: string, code: NoticeCode) => `${path}${path.includes('?') ? '&' : '?'}notice=${code}`;

export const TASK_MISSING_URL = withNotice('/', 'task-missing');

/** The notice a page's URL names, if it is one of ours. */
export function noticeOf(params: PageSearchParams): (typeof NOTICES)[NoticeCode] | undefined {
  const code = single(params.notice);
  return code && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : undefined;
}

export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A search parameter given once (`?a=1`), else undefined (absent or repeated). */
export const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
