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

/** What an action called from the page's script answers: the form state, and the id of a task it added. */
export type ActionResult = FormState & { id?: number };

export const initialFormState: FormState = { status: 'idle' };

export const TASK_NOT_FOUND_MESSAGE = 'That task does not exist. It may have been deleted.';
export const UNAVAILABLE =
  'The task service is unavailable right now. Nothing was changed; please try again in a moment.';
export const AUTH_UNAVAILABLE =
  'The sign-in service is unavailable right now. Nothing was changed; please try again in a moment.';
export const SESSION_EXPIRED = 'Your session has expired. Please sign in again.';
export const MISCONFIGURED = 'The service is misconfigured; nothing was saved. The site’s operator has been told.';
export const NOT_YOURS_TO_DELETE =
  'Only the person who added this task or an admin of the organization can delete it. Nothing was deleted.';
/** With JavaScript on, the page cannot switch lists itself: a reload of it does. */
export const LIST_SWITCHED =
  'Another tab switched this browser to a different list, so your change was not saved. Reload this page to work in this list again.';
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
  'intent-other-session': {
    tone: 'error',
    text: 'That change was made in a session that has ended since, so it was not saved. Please make it again.',
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
  'list-switched': {
    tone: 'error',
    text: 'Another tab had switched this browser to a different list, so your change was not saved. This list is active again; please try once more.',
  },
  // The outcomes of the list's row forms without JavaScript, shown after their redirect back to the list.
  'task-done': { tone: 'info', text: 'Marked done.' },
  'task-reopened': { tone: 'info', text: 'Marked open.' },
  'task-renamed': { tone: 'info', text: 'Task renamed.' },
  'task-deleted': { tone: 'info', text: 'Task deleted.' },
  'invalid-state': { tone: 'error', text: 'That is not a valid task state. Nothing was changed.' },
  'missing-id': { tone: 'error', text: 'Missing task id. Nothing was changed.' },
  'not-yours': { tone: 'error', text: NOT_YOURS_TO_DELETE },
  // `{n}` and `{kept}` are filled from the URL's `n` and `kept`, read as small whole numbers only.
  cleared: { tone: 'info', text: 'Deleted {n} completed {n:task}.' },
  'cleared-kept': {
    tone: 'info',
    text: 'Deleted {n} completed {n:task}. {kept} completed {kept:task} added by others {kept:was} kept: only an admin can delete them.',
  },
} as const satisfies Record<string, { tone: 'info' | 'error'; text: string }>;

export type NoticeCode = keyof typeof NOTICES;

export const withNotice = (path: string, code: NoticeCode) => `${path}${path.includes('?') ? '&' : '?'}notice=${code}`;

/** The notice a page's URL names, if it is one of ours, with its counts filled in. */
export function noticeOf(params: PageSearchParams): { tone: 'info' | 'error'; text: string } | undefined {
  const code = single(params.notice);
  if (!code || !Object.hasOwn(NOTICES, code)) return undefined;
  const { tone, text } = NOTICES[code as NoticeCode];
  if (!text.includes('{')) return { tone, text };
  const counts: Record<string, number> = {};
  for (const key of ['n', 'kept']) {
    if (!text.includes(`{${key}`)) continue;
    const raw = single(params[key]);
    if (!raw || !/^\d{1,6}$/.test(raw)) return undefined;
    counts[key] = Number(raw);
  }
  const filled = text
    .replace(/\{(\w+):task\}/g, (_, key: string) => (counts[key] === 1 ? 'task' : 'tasks'))
    .replace(/\{(\w+):was\}/g, (_, key: string) => (counts[key] === 1 ? 'was' : 'were'))
    .replace(/\{(\w+)\}/g, (_, key: string) => String(counts[key]));
  return { tone, text: filled };
}

/** The notice a page shows after a failed change, for a message the form would have shown beside it. */
export function noticeForMessage(message: string | undefined): NoticeCode {
  if (!message) return 'not-saved';
  if (message.startsWith('That task does not exist')) return 'task-missing';
  const code = (Object.keys(NOTICES) as NoticeCode[]).find((key) => NOTICES[key].text.startsWith(message));
  return code ?? 'not-saved';
}

export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A search parameter given once (`?a=1`), else undefined (absent or repeated). */
export const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
