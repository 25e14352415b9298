import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { sessionOfExpiredToken } from '@/auth/expired-session';
import { CONTINUE_URL, parkIntent } from '@/auth/intent';
import { NotSignedInError } from '@/auth/supabase-token';
import { taskCommands, type Command, type TaskCommandName } from './commands';
import { saveDraft } from './draft';
import { toTaskServiceError } from './errors';
import { withNotice, type FormState } from './form-state';

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

/**
 * The server action for a task command, for `useActionState` and for plain no-JS form posts:
 * validates the form with the command's schema (unknown fields such as a smuggled user_id are
 * dropped), runs it, and turns every failure into form state the page can show. A post that
 * arrives signed out because its session token expired is parked and completed after a refresh.
 */
export function validatedAction(name: TaskCommandName) {
  const command = taskCommands[name] as unknown as Command;
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
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
      return { status: 'error', message, fieldErrors: errors, values };
    }

    let next: string;
    try {
      const { redirectTo, ...state } = await command.run(parsed.data);
      if (!redirectTo) return state;
      next = redirectTo;
    } catch (error) {
      unstable_rethrow(error);
      if (!(error instanceof NotSignedInError)) {
        const failure = toTaskServiceError(error);
        if (failure.kind === 'invalid' && inputField) {
          return { status: 'error', fieldErrors: { [inputField]: [failure.userMessage] }, values };
        }
        return { status: 'error', message: failure.userMessage, values };
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
    // redirect() throws, so it stays outside the try above.
    redirect(next);
  };
}
