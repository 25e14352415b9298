import { redirect, unstable_rethrow } from 'next/navigation';
import { takeIntent } from '@/auth/intent';
import { requestAuth } from '@/auth/request-auth';
import { ListSwitchedError } from '@/auth/supabase-token';
import { noticeFor, type MessageCode } from '@/messages/messages';
import { withNotice } from '@/messages/notices';
import { noticeForFailure, TaskServiceError, toTaskServiceError } from '@/supabase/errors';
import { queryAsUser } from '@/supabase/server';
import { DRAFT_PARAM } from '@/tasks/draft';
import { listHref } from '@/tasks/list-view';
import { keepInput, listOf, type TaskAction } from '@/tasks/task-action';
import { isTaskActionName, taskActions } from '@/tasks/task-actions';

// Completes a form submission that arrived after its session token expired (see src/auth/intent.ts).
// Reaching this page load made Clerk's middleware refresh the session first, so auth() is current.
export async function GET(): Promise<never> {
  const taken = await takeIntent();
  if ('problem' in taken) {
    redirect(
      taken.problem === 'none'
        ? '/'
        : withNotice('/', taken.problem === 'expired' ? 'intent-expired' : 'intent-invalid'),
    );
  }
  const { intent } = taken;
  const { userId, sessionId, orgSlug } = await requestAuth();
  const action = isTaskActionName(intent.action) ? taskActions[intent.action] : undefined;
  const fields = action?.fieldsOf(intent.input) ?? {};
  const checked = action?.check(fields);
  if (!action || !checked?.ok) redirect(withNotice('/', 'intent-invalid'));
  const list = listOf(fields, orgSlug);
  const page = checked.page(list);

  let next: string;
  try {
    if (!userId) {
      await keepInput(action, fields, intent.userId);
      next = withNotice('/', 'signed-out');
    } else if (userId !== intent.userId) {
      next = withNotice('/', 'other-user');
    } else if (sessionId !== intent.sessionId) {
      // Parked in a session that has ended since (signed out through clerk-js, then in again): dropped.
      next = withNotice('/', 'intent-other-session');
    } else if (!(await recordIntentReceipt(list.path, intent.id))) {
      next = withNotice(page, 'intent-replayed');
    } else {
      const outcome = await checked.run(list);
      const failure = noticeFor(outcome.message ?? 'not-saved');
      next =
        outcome.status === 'success'
          ? withNotice(listHref(list), 'saved')
          : action.inputField
            ? await notSaved(action, fields, intent.userId, page, failure)
            : withNotice(listHref(list), failure);
    }
  } catch (error) {
    unstable_rethrow(error);
    // The browser moved to another list meanwhile: back to the form's list, which makes it active again.
    const notice = error instanceof ListSwitchedError ? 'list-switched' : noticeForFailure(toTaskServiceError(error));
    next = await notSaved(action, fields, intent.userId, page, notice);
  }
  redirect(next);
}

/** Back to the form, filled in with what the user typed, saying why it was not saved. */
async function notSaved(
  action: TaskAction,
  fields: Record<string, string>,
  userId: string,
  page: string,
  notice: MessageCode,
) {
  await keepInput(action, fields, userId);
  return withNotice(
    action.inputField ? `${page}${page.includes('?') ? '&' : '?'}${DRAFT_PARAM}=restored` : page,
    notice,
  );
}

/** Records that a parked submission was completed; false when it already was (a replay). */
async function recordIntentReceipt(list: string, id: string): Promise<boolean> {
  try {
    await queryAsUser(list, (db) => db.from('intent_receipts').insert({ id }));
    return true;
  } catch (error) {
    if (error instanceof TaskServiceError && error.kind === 'duplicate') return false;
    throw error;
  }
}
