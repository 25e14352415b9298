import { auth } from '@clerk/nextjs/server';
import { redirect, unstable_rethrow } from 'next/navigation';
import { takeIntent } from '@/auth/intent';
import { ListSwitchedError } from '@/auth/supabase-token';
import { isTaskCommandName, taskCommands, type Command } from '@/tasks/commands';
import { DRAFT_PARAM } from '@/tasks/draft';
import { noticeForFailure, toTaskServiceError } from '@/tasks/errors';
import { noticeForMessage, withNotice, type NoticeCode } from '@/tasks/form-state';
import { listHref } from '@/tasks/list-view';
import { recordIntentReceipt } from '@/tasks/mutations';
import { keepInput, listOf } from '@/tasks/validated-action';

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
  const { userId, sessionId, orgSlug } = await auth();
  const command = isTaskCommandName(intent.action) ? (taskCommands[intent.action] as unknown as Command) : undefined;
  const parsed = command?.schema.safeParse(intent.input);
  if (!command || !parsed?.success) redirect(withNotice('/', 'intent-invalid'));
  const fields = intent.input;
  const view = listOf(intent.input, orgSlug);
  const page = command.page(parsed.data, view);
  const list = listHref(view);

  let next: string;
  try {
    if (!userId) {
      await keepInput(command, fields, intent.userId);
      next = withNotice('/', 'signed-out');
    } else if (userId !== intent.userId) {
      next = withNotice('/', 'other-user');
    } else if (sessionId !== intent.sessionId) {
      // Parked in a session that has ended since (signed out through clerk-js, then in again): dropped.
      next = withNotice('/', 'intent-other-session');
    } else if (!(await recordIntentReceipt(view.path, intent.id))) {
      next = withNotice(page, 'intent-replayed');
    } else {
      const outcome = await command.run(parsed.data, view);
      const failure = noticeForMessage(outcome.message);
      next =
        outcome.status === 'success'
          ? withNotice(list, 'saved')
          : command.inputField
            ? await notSaved(command, fields, intent.userId, page, failure)
            : withNotice(list, failure);
    }
  } catch (error) {
    unstable_rethrow(error);
    // The browser moved to another list meanwhile: back to the form's list, which makes it active again.
    const notice = error instanceof ListSwitchedError ? 'list-switched' : noticeForFailure(toTaskServiceError(error));
    next = await notSaved(command, fields, intent.userId, page, notice);
  }
  redirect(next);
}

/** Back to the form, filled in with what the user typed, saying why it was not saved. */
async function notSaved(
  command: Command,
  fields: Record<string, string>,
  userId: string,
  page: string,
  notice: NoticeCode,
) {
  await keepInput(command, fields, userId);
  return withNotice(
    command.inputField ? `${page}${page.includes('?') ? '&' : '?'}${DRAFT_PARAM}=restored` : page,
    notice,
  );
}
