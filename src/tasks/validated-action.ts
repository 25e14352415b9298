import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { sessionOfExpiredToken } from '@/auth/expired-session';
import { CONTINUE_URL, parkIntent } from '@/auth/intent';
import { requestAuth } from '@/auth/request-auth';
import { ListSwitchedError, NotSignedInError } from '@/auth/supabase-token';
import { activeListPath } from '@/orgs/active-list';
import { taskCommands, type Command, type Outcome, type TaskCommandName } from './commands';
import { DRAFT_PARAM, saveDraft } from './draft';
import { noticeForFailure, toTaskServiceError } from './errors';
import {
  LIST_SWITCHED,
  noticeForMessage,
  withNotice,
  type ActionResult,
  type FormState,
  type NoticeCode,
} from './form-state';
import { backField, listHref, parseBack, type ListView } from './list-view';

/** The schema's fields of a submitted form, as text (the form may carry Next's own fields too). */
export function formFields(command: Command, formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(command.schema.shape)) {
    const value = formData.get(key);
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}

/**
 * Keeps what `userId` typed into a form that could not be saved, so the form comes back filled in
 * for them. Without a known user there is no one to keep it for.
 */
export async function keepInput(
  command: Command,
  fields: Record<string, string>,
  userId: string | undefined,
): Promise<void> {
  const name = command.inputField && fields[command.inputField];
  if (name === undefined || !userId) return;
  const id = Number(fields.id);
  await saveDraft({ userId, name, taskId: Number.isSafeInteger(id) ? id : undefined });
}

interface Executed {
  outcome: Outcome;
  /** The list view the form was on (the personal list when the form did not say). */
  list: ListView;
  /** The notice that reports a failure on that list. */
  failure?: NoticeCode;
  /** The session acts in another list than the form's: nothing ran, and what was typed is kept. */
  switched?: boolean;
}

/**
 * Runs a task command for a submitted form: validates the form with the command's schema (unknown
 * fields such as a smuggled user_id are dropped), runs it, and turns every failure into form state.
 * A post that arrives signed out because its session token expired is parked and completed after a
 * refresh: that, and a plain signed-out post, redirect (redirect() throws).
 */
async function execute(name: TaskCommandName, formData: FormData): Promise<Executed> {
  const command = taskCommands[name] as unknown as Command;
  const fields = formFields(command, formData);
  const { inputField } = command;
  const values = inputField && fields[inputField] !== undefined ? { [inputField]: fields[inputField] } : undefined;
  const parsed = command.schema.safeParse(fields);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    const byField = fieldErrors as Record<string, string[] | undefined>;
    const inputErrors = inputField ? byField[inputField] : undefined;
    const others = Object.entries(byField).filter(([field]) => field !== inputField);
    const message = [...formErrors, ...others.flatMap(([, errors]) => errors ?? [])][0];
    const errors = inputField && inputErrors ? { [inputField]: inputErrors } : undefined;
    return {
      outcome: { status: 'error', message, fieldErrors: errors, values },
      list: parseBack(fields.back),
      failure: noticeForMessage(message ?? inputErrors?.[0]),
    };
  }
  const { userId, orgSlug } = await requestAuth();
  const list = listOf(fields, orgSlug);

  let next: string;
  try {
    const outcome = await command.run(parsed.data, list);
    return { outcome, list, failure: outcome.status === 'error' ? noticeForMessage(outcome.message) : undefined };
  } catch (error) {
    unstable_rethrow(error);
    // The session acts in another list than the form's (another tab moved it): nothing was written.
    if (error instanceof ListSwitchedError) {
      await keepInput(command, fields, userId ?? undefined);
      return { outcome: { status: 'error', message: LIST_SWITCHED, values }, list, switched: true };
    }
    if (!(error instanceof NotSignedInError)) {
      const failure = toTaskServiceError(error);
      const notice = noticeForFailure(failure);
      if (failure.kind === 'invalid' && inputField) {
        return { outcome: { status: 'error', fieldErrors: { [inputField]: [failure.userMessage] }, values }, list };
      }
      return { outcome: { status: 'error', message: failure.userMessage, values }, list, failure: notice };
    }
    // Signed out: park the submission when an expired token names the session to refresh;
    // else keep what was typed and say so (the signed-out page has no form to show it in).
    const session = await sessionOfExpiredToken();
    if (session && (await parkIntent({ action: name, input: fields, ...session }))) {
      next = CONTINUE_URL;
    } else {
      await keepInput(command, fields, session?.userId);
      next = withNotice('/', 'signed-out');
    }
  }
  redirect(next);
}

/**
 * The list view a form names (`back`). Every form of the app names its list; a post naming none
 * (crafted) acts in the list the session acts in, which its token carries.
 */
export function listOf(fields: Record<string, string>, orgSlug: string | null | undefined): ListView {
  return fields.back === undefined ? { path: activeListPath(orgSlug), show: 'all' } : backField.parse(fields.back);
}

/** Form state for the page: the outcome without the redirect hints. */
function stateOf(outcome: Outcome): ActionResult {
  const state: Outcome = { ...outcome };
  delete state.notice;
  delete state.noticeParams;
  return state;
}

/**
 * The server action of a form with in-page state (`useActionState`): errors come back to the form,
 * with what was typed. On success it either stays (the add form) or returns to the list.
 */
export function validatedAction(name: TaskCommandName, onSuccess: 'stay' | 'list' = 'stay') {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const { outcome, list, switched } = await execute(name, formData);
    if (switched) redirect(switchedUrl(list, outcome));
    if (outcome.status === 'success' && onSuccess === 'list') redirect(noticeUrl(list, outcome));
    return stateOf(outcome);
  };
}

/**
 * The server action of a plain form on the list (a row's Done, Delete; Clear completed): without
 * JavaScript the browser is sent back to the same list view with a notice saying what happened.
 */
export function listAction(name: TaskCommandName) {
  return async (formData: FormData): Promise<void> => {
    const { outcome, list, failure, switched } = await execute(name, formData);
    if (switched) redirect(switchedUrl(list, outcome));
    redirect(
      outcome.status === 'success' ? noticeUrl(list, outcome) : withNotice(listHref(list), failure ?? 'not-saved'),
    );
  };
}

/** For the page's script: runs the command and answers with its outcome instead of a redirect. */
export async function runForScript(name: string, formData: FormData): Promise<ActionResult> {
  if (!Object.hasOwn(taskCommands, name)) return { status: 'error', message: 'Unknown action.' };
  const { outcome } = await execute(name as TaskCommandName, formData);
  return stateOf(outcome);
}

/**
 * Without JavaScript, back to the form's own list: loading it makes the session act there again, and the
 * notice and any kept input are shown on it.
 */
const switchedUrl = (list: ListView, { values }: Outcome) =>
  listHref(list, { notice: 'list-switched', ...(values ? { [DRAFT_PARAM]: 'restored' } : {}) });

function noticeUrl(list: ListView, outcome: Outcome): string {
  return outcome.notice ? listHref(list, { notice: outcome.notice, ...outcome.noticeParams }) : listHref(list);
}
