// What a task action returns to its form (useActionState), with and without JavaScript.
export interface ActionState {
  status: 'idle' | 'success' | 'error';
  /** A message for the whole form, announced politely (aria-live). */
  message?: string;
  fieldErrors?: { name?: string[] };
  /** The user's input, echoed back on error so nothing they typed is lost. */
  values?: { name?: string };
}

export const initialActionState: ActionState = { status: 'idle' };
