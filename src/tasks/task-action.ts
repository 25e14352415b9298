import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { sessionOfExpiredToken } from '@/auth/expired-session';
import { CONTINUE_URL, parkIntent } from '@/auth/intent';
import { requestAuth } from '@/auth/request-auth';
import { ListSwitchedError, NotSignedInError } from '@/auth/supabase-token';
import { isMessageCode, noticeFor, type MessageCode } from '@/messages/messages';
import { withNotice } from '@/messages/notices';
import { activeListPath } from '@/orgs/active-list';
import { noticeForFailure, toTaskServiceError } from '@/supabase/errors';
import { DRAFT_PARAM, saveDraft } from './draft';
import type { ActionResult, FormState } from './form-state';
import { backField, listHref, type ListView } from './list-view';

// The one wrapper every task action goes through.

/** What an action did: the form's state, plus the notice a list shows for it after a redirect. */
export type Outcome = ActionResult & { notice?: MessageCode };

export interface TaskActionDefinition<S extends z.ZodObject> {
  schema: S;
  /** The field holding what the user typed: errors go beside it, and it is kept if saving fails. */
  inputField?: Extract<keyof z.input<S>, string>;
  /** The page the form is on (default: the list view), where a parked change that failed is shown. */
  page?: (input: z.output<S>, list: ListView) => string;
  /** Runs in the list view the form names; every query checks that the session's token acts there. */
  run: (input: z.output<S>, list: ListView) => Promise<Outcome>;
}

type Checked =
  | { ok: false; outcome: Outcome }
  | { ok: true; run: (list: ListView) => Promise<Outcome>; page: (list: ListView) => string };

/** A task action, its input type closed over: callers pass text fields and get outcomes. */
export interface TaskAction {
  readonly name: string;
  readonly inputField?: string;
  /** The schema's fields of a submitted form, as text (the form may carry Next's own fields too). */
  fieldsOf(source: FormData | Record<string, string>): Record<string, string>;
  check(fields: Record<string, string>): Checked;
}

export function taskAction<S extends z.ZodObject>(name: string, definition: TaskActionDefinition<S>): TaskAction {
  const keys = Object.keys(definition.schema.shape);
  const { inputField } = definition;
  return {
    name,
    inputField,
    fieldsOf(source) {
      const fields: Record<string, string> = {};
      for (const key of keys) {
        const value = source instanceof FormData ? source.get(key) : source[key];
        if (typeof value === 'string') fields[key] = value;
      }
      return fields;
    },
    check(fields) {
      const parsed = definition.schema.safeParse(fields);
      if (!parsed.success) return { ok: false, outcome: invalidInput(parsed.error, inputField, fields) };
      const input = parsed.data;
      return {
        ok: true,
        run: (list) => definition.run(input, list),
        page: (list) => definition.page?.(input, list) ?? listHref(list),
      };
    },
  };
}

/** The schema's errors (message codes) as form state: beside the input field, else for the whole form. */
function invalidInput(error: z.ZodError, inputField: string | undefined, fields: Record<string, string>): Outcome {
  const { fieldErrors, formErrors } = z.flattenError(error);
  const codes = (messages: string[] | undefined) => (messages ?? []).filter(isMessageCode);
  const byField = Object.entries(fieldErrors as Record<string, string[] | undefined>);
  const inputErrors = codes(byField.find(([field]) => field === inputField)?.[1]);
  const others = byField.filter(([field]) => field !== inputField).flatMap(([, messages]) => codes(messages));
  const message = [...codes(formErrors), ...others][0];
  return {
    status: 'error',
    message,
    fieldErrors: inputField && inputErrors.length > 0 ? { [inputField]: inputErrors } : undefined,
    values: valuesOf(inputField, fields),
    notice: noticeFor(message ?? inputErrors[0] ?? 'not-saved'),
  };
}

const valuesOf = (inputField: string | undefined, fields: Record<string, string>) =>
  inputField && fields[inputField] !== undefined ? { [inputField]: fields[inputField] } : undefined;

/** The list view a form names (`back`); a crafted post naming none acts in the session's list. */
export function listOf(fields: Record<string, string>, orgSlug: string | null | undefined): ListView {
  return fields.back === undefined ? { path: activeListPath(orgSlug), show: 'all' } : backField.parse(fields.back);
}

/**
 * Keeps what `userId` typed into a form that could not be saved, so the form comes back filled in for them.
 */
export async function keepInput(
  action: TaskAction,
  fields: Record<string, string>,
  userId: string | undefined,
): Promise<void> {
  const name = action.inputField && fields[action.inputField];
  if (name === undefined || !userId) return;
  const id = Number(fields.id);
  await saveDraft({ userId, name, taskId: Number.isSafeInteger(id) ? id : undefined });
}

interface Executed {
  outcome: Outcome;
  /** The list view the form was on. */
  list: ListView;
  /** The session acts in another list than the form's: nothing ran, and what was typed is kept. */
  switched?: boolean;
}

/** Runs an action for a submitted form and turns every failure into an outcome. */
async function execute(action: TaskAction, formData: FormData): Promise<Executed> {
  const fields = action.fieldsOf(formData);
  const values = valuesOf(action.inputField, fields);
  const { userId, orgSlug } = await requestAuth();
  const list = listOf(fields, orgSlug);
  const checked = action.check(fields);
  if (!checked.ok) return { outcome: checked.outcome, list };

  let next: string;
  try {
    const outcome = await checked.run(list);
    return {
      outcome: outcome.status === 'error' ? { notice: noticeFor(outcome.message ?? 'not-saved'), ...outcome } : outcome,
      list,
    };
  } catch (error) {
    unstable_rethrow(error);
    // The session acts in another list than the form's (another tab moved it): nothing was written.
    if (error instanceof ListSwitchedError) {
      await keepInput(action, fields, userId ?? undefined);
      return { outcome: { status: 'error', message: 'list-switched-here', values }, list, switched: true };
    }
    if (!(error instanceof NotSignedInError)) {
      const failure = toTaskServiceError(error);
      if (failure.kind === 'invalid' && action.inputField) {
        return { outcome: { status: 'error', fieldErrors: { [action.inputField]: [failure.code] }, values }, list };
      }
      return {
        outcome: { status: 'error', message: failure.code, values, notice: noticeForFailure(failure) },
        list,
      };
    }
    // Signed out: park the submission when an expired token names the session to refresh;
    // else keep what was typed and say so (the signed-out page has no form to show it in).
    const session = await sessionOfExpiredToken();
    if (session && (await parkIntent({ action: action.name, input: fields, ...session }))) {
      next = CONTINUE_URL;
    } else {
      await keepInput(action, fields, session?.userId);
      next = withNotice('/', 'signed-out');
    }
  }
  redirect(next);
}

/** Form state for the page: the outcome without the redirect hint. */
function stateOf(outcome: Outcome): ActionResult {
  const state: Outcome = { ...outcome };
  delete state.notice;
  return state;
}

/** The server action of a form with in-page state (`useActionState`). */
export function stateAction(action: TaskAction, onSuccess: 'stay' | 'list' = 'stay') {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const { outcome, list, switched } = await execute(action, formData);
    if (switched) redirect(switchedUrl(list, outcome));
    if (outcome.status === 'success' && onSuccess === 'list') redirect(noticeUrl(list, outcome));
    return stateOf(outcome);
  };
}

/** The server action of a plain form on the list (a row's Done, Delete; Clear completed). */
export function listAction(action: TaskAction) {
  return async (formData: FormData): Promise<void> => {
    const { outcome, list, switched } = await execute(action, formData);
    if (switched) redirect(switchedUrl(list, outcome));
    redirect(noticeUrl(list, outcome));
  };
}

/** The same action for the page's script: it answers with the outcome, which the script shows at once. */
export function scriptAction(action: TaskAction) {
  return async (formData: FormData): Promise<ActionResult> => stateOf((await execute(action, formData)).outcome);
}

/** Without JavaScript, back to the form's own list: loading it makes the session act there again. */
const switchedUrl = (list: ListView, { values }: Outcome) =>
  listHref(list, { notice: 'list-switched', ...(values ? { [DRAFT_PARAM]: 'restored' } : {}) });

/** The list view with the outcome's notice (and its counts), or without one. */
function noticeUrl(list: ListView, { status, notice, params }: Outcome): string {
  const code = notice ?? (status === 'error' ? 'not-saved' : undefined);
  if (!code) return listHref(list);
  const count = (key: string) => (typeof params?.[key] === 'number' ? params[key] : undefined);
  return withNotice(listHref(list), code, { n: count('n'), kept: count('kept') });
}
