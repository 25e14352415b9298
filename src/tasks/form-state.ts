import type { MessageCode, MessageParams } from '@/messages/messages';

// What a task form shows after its action ran (useActionState, and the page's script): messages by
// code, which the form turns into words (src/messages/messages.ts).

export interface FormState<Field extends string = string> {
  status: 'idle' | 'success' | 'error';
  /** A message for the whole form: a polite status on success, an alert on failure. */
  message?: MessageCode;
  params?: MessageParams;
  /** Messages shown next to the named fields. */
  fieldErrors?: Partial<Record<Field, MessageCode[]>>;
  /** The user's input, echoed back on error so nothing they typed is lost. */
  values?: Partial<Record<Field, string>>;
}

/** What an action called from the page's script answers: the form state, and the id of a task it added. */
export type ActionResult = FormState & { id?: number };

export const initialFormState: FormState = { status: 'idle' };
