import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { NotSignedInError } from '@/auth/supabase-token';
import { DRAFT_PARAM, saveDraft } from './draft';
import { toTaskServiceError } from './errors';
import type { FormState } from './form-state';

type Fields<S extends z.ZodObject> = Extract<keyof z.input<S>, string>;

interface Options<S extends z.ZodObject> {
  /**
   * The form field that holds what the user typed: its errors (from the schema or from the
   * database) go next to it, and a signed-out submit keeps it as a draft. Other fields' errors
   * become the form's message.
   */
  inputField?: Fields<S>;
  /** Where a signed-out submit is sent to refresh the session and find its draft again. */
  returnTo?: (input: z.output<S>) => string;
}

/**
 * Wraps a form action: validates the form with `schema` (unknown fields such as a smuggled user_id
 * are dropped), runs `body`, and turns every failure into form state the page can show.
 */
export function validatedAction<S extends z.ZodObject>(
  schema: S,
  body: (input: z.output<S>) => Promise<FormState<Fields<S>>>,
  { inputField, returnTo }: Options<S> = {},
) {
  type State = FormState<Fields<S>>;
  return async (_previous: State, formData: FormData): Promise<State> => {
    const typed = inputField ? formData.get(inputField) : null;
    const values = inputField && typeof typed === 'string' ? ({ [inputField]: typed } as State['values']) : undefined;
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const { fieldErrors, formErrors } = z.flattenError(parsed.error);
      const byField = fieldErrors as Record<string, string[] | undefined>;
      const inputErrors = inputField ? byField[inputField] : undefined;
      const others = Object.entries(byField).filter(([field]) => field !== inputField);
      const message = [...formErrors, ...others.flatMap(([, errors]) => errors ?? [])][0];
      const errors = inputField && inputErrors ? ({ [inputField]: inputErrors } as State['fieldErrors']) : undefined;
      return { status: 'error', message, fieldErrors: errors, values };
    }

    let draftTarget: string | undefined;
    try {
      return await body(parsed.data);
    } catch (error) {
      unstable_rethrow(error); // a redirect() or notFound() from the body is not a failure
      if (error instanceof NotSignedInError && returnTo && inputField && typeof typed === 'string') {
        const id = (parsed.data as { id?: unknown }).id;
        await saveDraft({ name: typed, taskId: typeof id === 'number' ? id : undefined });
        draftTarget = returnTo(parsed.data);
      } else {
        const serviceError = toTaskServiceError(error);
        console.error(`[task action] ${serviceError.kind}:`, error instanceof Error ? error.message : error);
        if (serviceError.kind === 'invalid' && inputField) {
          return {
            status: 'error',
            fieldErrors: { [inputField]: [serviceError.userMessage] } as State['fieldErrors'],
            values,
          };
        }
        return { status: 'error', message: serviceError.userMessage, values };
      }
    }
    // redirect() throws, so it stays outside the try above.
    redirect(`${draftTarget}?${DRAFT_PARAM}=restored`);
  };
}
