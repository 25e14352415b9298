import 'server-only';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { NotSignedInError } from '@/lib/supabase-token';
import type { ActionState } from './action-state';
import { DRAFT_PARAM, saveDraft } from './draft';
import { toTaskServiceError } from './errors';

type ActionBody<T> = (input: T) => Promise<ActionState>;

/**
 * Wraps a task action: validates the form with `schema` (unknown fields such as a smuggled
 * user_id are dropped), runs `body`, and turns every failure into form state the page can show.
 * When the request turns out to be signed out, the input is kept as a draft and the user is sent
 * to `returnTo`, where a page load refreshes the session and refills the form.
 */
export function validatedAction<S extends z.ZodType>(
  schema: S,
  body: ActionBody<z.output<S>>,
  returnTo?: (input: z.output<S>) => string,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const name = formData.get('name');
    const values = typeof name === 'string' ? { name } : undefined;
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      // The name's errors go next to its field; any other (id, done) is a message for the form.
      const { fieldErrors, formErrors } = z.flattenError(parsed.error);
      const { name: nameErrors, ...otherFields } = fieldErrors as Record<string, string[] | undefined>;
      const message = [...formErrors, ...Object.values(otherFields).flat()][0];
      return { status: 'error', message, fieldErrors: nameErrors ? { name: nameErrors } : undefined, values };
    }

    let draftTarget: string | undefined;
    try {
      return await body(parsed.data);
    } catch (error) {
      unstable_rethrow(error); // a redirect() or notFound() from the body is not a failure
      if (error instanceof NotSignedInError && returnTo && values) {
        await saveDraft({ name: values.name ?? '', taskId: (parsed.data as { id?: string }).id });
        draftTarget = returnTo(parsed.data);
      } else {
        const serviceError = toTaskServiceError(error);
        console.error(`[task action] ${serviceError.kind}:`, error instanceof Error ? error.message : error);
        if (serviceError.kind === 'invalid')
          return { status: 'error', fieldErrors: { name: [serviceError.userMessage] }, values };
        return { status: 'error', message: serviceError.userMessage, values };
      }
    }
    // redirect() throws, so it stays outside the try above.
    redirect(`${draftTarget}?${DRAFT_PARAM}=restored`);
  };
}
