'use server';

import { auth, clerkClient } from '@clerk/nextjs/server';
import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { forgetSessionTokens } from '@/lib/supabase-token';
import type { ActionState } from './action-state';
import { clearDraft } from './draft';
import { TASK_MISSING_PARAM, TASK_NOT_FOUND_MESSAGE } from './notices';
import { insertTask, removeTask, setTaskDone, setTaskName } from './mutations';
import { createTaskInput, deleteTaskInput, renameTaskInput, toggleTaskInput } from './schemas';
import { validatedAction } from './validated-action';

const NOT_FOUND: ActionState = { status: 'error', message: TASK_NOT_FOUND_MESSAGE };

/**
 * Toggle/delete of a task that is gone (deleted in another tab) or not the user's. Its list item may
 * not be on the re-rendered page to show the form's message (always so without JavaScript), so
 * reload the list with a page-level notice instead.
 */
const taskMissing = (): never => redirect(`/?${TASK_MISSING_PARAM}`);

export const createTask = validatedAction(
  createTaskInput,
  async ({ name }) => {
    await insertTask(name);
    await clearDraft();
    revalidatePath('/');
    return { status: 'success', message: `Added “${name}”.` };
  },
  () => '/',
);

export const toggleTask = validatedAction(toggleTaskInput, async ({ id, done }) => {
  const { changed } = await setTaskDone(id, done);
  if (!changed) taskMissing();
  revalidatePath('/');
  return { status: 'success', message: done ? 'Marked done.' : 'Marked open.' };
});

export const renameTask = validatedAction(
  renameTaskInput,
  async ({ id, name }) => {
    const { changed } = await setTaskName(id, name);
    if (!changed) return { ...NOT_FOUND, values: { name } };
    await clearDraft();
    revalidatePath('/');
    redirect('/');
  },
  ({ id }) => `/tasks/${id}/edit`,
);

export const deleteTask = validatedAction(deleteTaskInput, async ({ id }) => {
  const { changed } = await removeTask(id);
  if (!changed) taskMissing();
  revalidatePath('/');
  return { status: 'success', message: 'Task deleted.' };
});

/** Ends the Clerk session (revoked at Clerk, so no other tab or token can use it) and its cookies. */
export async function signOut(): Promise<void> {
  const { sessionId } = await auth();
  if (sessionId) {
    forgetSessionTokens(sessionId);
    try {
      await (await clerkClient()).sessions.revokeSession(sessionId);
    } catch (error) {
      // The cookies are cleared below either way; the session then lapses with its token.
      console.error('[sign-out] could not revoke the Clerk session:', error instanceof Error ? error.message : error);
    }
  }
  const store = await cookies();
  for (const { name } of store.getAll()) {
    if (/^(__session|__refresh|__clerk_db_jwt)/.test(name)) store.delete(name);
  }
  // __client_uat=0 tells Clerk's middleware "signed out" without a handshake.
  const clientUatNames = new Set([
    '__client_uat',
    ...store
      .getAll()
      .map(({ name }) => name)
      .filter((name) => name.startsWith('__client_uat')),
  ]);
  for (const name of clientUatNames) store.set(name, '0', { path: '/', sameSite: 'lax' });
  redirect('/');
}
