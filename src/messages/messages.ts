import { TASK_NAME_MAX } from '@/db/limits';

// `{name}` and `{n}` are filled from a message's parameters; `{n:task}` and `{n:was}` agree with `n`.

interface Message {
  tone: 'info' | 'error';
  text: string;
  /** A page may show it named in its URL (`?notice=<code>`): never one that quotes free text. */
  inUrl?: true;
}

const TASK_NOT_FOUND = 'That task does not exist. It may have been deleted.';
const NOT_YOURS =
  'Only the person who added this task or an admin of the organization can delete it. Nothing was deleted.';
const NOTHING_CHANGED = 'Nothing was changed; please try again in a moment.';

export const MESSAGES = {
  'task-added': { tone: 'info', text: 'Added “{name}”.' },
  'task-done': { tone: 'info', text: 'Marked done.', inUrl: true },
  'task-reopened': { tone: 'info', text: 'Marked open.', inUrl: true },
  'task-renamed': { tone: 'info', text: 'Task renamed.', inUrl: true },
  'task-deleted': { tone: 'info', text: 'Task deleted.', inUrl: true },
  cleared: { tone: 'info', text: 'Deleted {n} completed {n:task}.', inUrl: true },
  'cleared-kept': {
    tone: 'info',
    text: 'Deleted {n} completed {n:task}. {kept} completed {kept:task} added by others {kept:was} kept: only an admin can delete them.',
    inUrl: true,
  },
  'cleared-kept-here': {
    tone: 'info',
    text: 'Deleted {n} completed {n:task}. {kept} completed {kept:task} added by others {kept:was} kept.',
  },
  saved: { tone: 'info', text: 'Your session was refreshed and your change was saved.', inUrl: true },

  'name-empty': { tone: 'error', text: 'Enter a task name.' },
  'name-too-long': { tone: 'error', text: `Task names are at most ${TASK_NAME_MAX} characters.` },
  'name-nul': { tone: 'error', text: 'Task names cannot contain NUL characters.' },
  'name-invalid': { tone: 'error', text: `Task names must be 1 to ${TASK_NAME_MAX} characters of text.` },
  'id-missing': { tone: 'error', text: 'Missing task id.' },
  'id-invalid': { tone: 'error', text: 'That task does not exist.' },
  'state-invalid': { tone: 'error', text: 'That is not a valid task state.' },
  'missing-id': { tone: 'error', text: 'Missing task id. Nothing was changed.', inUrl: true },
  'invalid-state': { tone: 'error', text: 'That is not a valid task state. Nothing was changed.', inUrl: true },

  'task-missing': { tone: 'error', text: TASK_NOT_FOUND, inUrl: true },
  'not-yours': { tone: 'error', text: NOT_YOURS, inUrl: true },
  'not-allowed': { tone: 'error', text: 'You cannot change that task.' },
  limit: {
    tone: 'error',
    text: 'You have reached the limit of stored tasks. Delete some to add more.',
    inUrl: true,
  },
  'list-switched-here': {
    tone: 'error',
    text: 'Another tab switched this browser to a different list, so your change was not saved. Reload this page to work in this list again.',
  },
  'list-switched': {
    tone: 'error',
    text: 'Another tab had switched this browser to a different list, so your change was not saved. This list is active again; please try once more.',
    inUrl: true,
  },
  'not-saved': {
    tone: 'error',
    text: 'Your change could not be saved. Nothing was changed; please try again.',
    inUrl: true,
  },

  // A change the page's script showed at once, then undone: `reason` is another message's words.
  'not-added': { tone: 'error', text: '“{name}” was not added: {reason}' },
  'not-changed': { tone: 'error', text: '“{name}” was not changed: {reason}' },
  'not-renamed': { tone: 'error', text: '“{name}” was not renamed: {reason}' },
  'not-deleted': { tone: 'error', text: '“{name}” was not deleted: {reason}' },
  'try-again': { tone: 'error', text: 'Please try again.' },

  unavailable: { tone: 'error', text: `The task service is unavailable right now. ${NOTHING_CHANGED}`, inUrl: true },
  'auth-unavailable': {
    tone: 'error',
    text: `The sign-in service is unavailable right now. ${NOTHING_CHANGED}`,
    inUrl: true,
  },
  'server-unreachable': {
    tone: 'error',
    text: 'The server could not be reached. Nothing was changed; please try again.',
  },
  misconfigured: {
    tone: 'error',
    text: 'The service is misconfigured; nothing was saved. The site’s operator has been told.',
    inUrl: true,
  },
  'session-expired': { tone: 'error', text: 'Your session has expired. Please sign in again.' },
  'signed-out': {
    tone: 'error',
    text: 'Your session has ended, so your change was not saved. Please sign in again.',
    inUrl: true,
  },
  'other-user': {
    tone: 'error',
    text: 'That change was made while another account was signed in here, so it was not saved.',
    inUrl: true,
  },
  'intent-expired': {
    tone: 'error',
    text: 'That change waited too long for your session to be refreshed, so it was not saved. Please try again.',
    inUrl: true,
  },
  'intent-other-session': {
    tone: 'error',
    text: 'That change was made in a session that has ended since, so it was not saved. Please make it again.',
    inUrl: true,
  },
  'intent-replayed': {
    tone: 'error',
    text: 'That change was already saved; it was not made a second time.',
    inUrl: true,
  },
  'intent-invalid': {
    tone: 'error',
    text: 'That change could not be read, so nothing was saved. Please try again.',
    inUrl: true,
  },
  'sign-out-failed': {
    tone: 'error',
    text: 'We could not end your session at the sign-in service, so you are still signed in. Please try again.',
    inUrl: true,
  },
} as const satisfies Record<string, Message>;

export type MessageCode = keyof typeof MESSAGES;

export type MessageParams = Record<string, string | number>;

export const isMessageCode = (value: unknown): value is MessageCode =>
  typeof value === 'string' && Object.hasOwn(MESSAGES, value);

export function messageText(code: MessageCode, params: MessageParams = {}): string {
  const count = (key: string) => Number(params[key]);
  return (MESSAGES[code] as Message).text
    .replace(/\{(\w+):task\}/g, (_, key: string) => (count(key) === 1 ? 'task' : 'tasks'))
    .replace(/\{(\w+):was\}/g, (_, key: string) => (count(key) === 1 ? 'was' : 'were'))
    .replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

const NOTICE_OF: Partial<Record<MessageCode, MessageCode>> = {
  'id-missing': 'missing-id',
  'id-invalid': 'task-missing',
  'state-invalid': 'invalid-state',
  'task-missing': 'task-missing',
  'not-yours': 'not-yours',
  limit: 'limit',
};

/** The notice a list shows for a form's error after a post without JavaScript. */
export const noticeFor = (code: MessageCode): MessageCode => NOTICE_OF[code] ?? 'not-saved';

export const toneOf = (code: MessageCode) => MESSAGES[code].tone;

export const mayBeInUrl = (code: MessageCode) => (MESSAGES[code] as Message).inUrl === true;
