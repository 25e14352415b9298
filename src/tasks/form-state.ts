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

/**
 * Where an action sends the browser when the task it was asked to change is gone: its list item may
 * not be on the re-rendered page to show the form's message (never so without JavaScript).
 */
export const TASK_MISSING_URL = '/?task=missing';
export const isTaskMissing = (params: PageSearchParams) => single(params.task) === 'missing';

export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A search parameter given once (`?a=1`), else undefined (absent or repeated). */
export const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
