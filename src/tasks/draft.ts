import 'server-only';
import { cookies } from 'next/headers';
import { z } from 'zod';

// A no-JS form submitted after the 60-second session token expired arrives signed out (Clerk only
// refreshes the token on a page GET). The action keeps what the user typed in this short-lived
// cookie and sends them back to the page; the GET refreshes the session and the form is refilled.

const COOKIE = 'task_draft';
const draftSchema = z.object({ name: z.string(), taskId: z.number().optional() });
export type Draft = z.infer<typeof draftSchema>;

/** Marks a URL as "come back with the draft" (the page only reads the cookie when it sees this). */
export const DRAFT_PARAM = 'draft';

export async function saveDraft(draft: Draft): Promise<void> {
  const value = JSON.stringify({ ...draft, name: draft.name.slice(0, 1000) });
  (await cookies()).set(COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 600 });
}

export async function readDraft(): Promise<Draft | undefined> {
  const raw = (await cookies()).get(COOKIE)?.value;
  if (!raw) return undefined;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function clearDraft(): Promise<void> {
  const store = await cookies();
  if (store.has(COOKIE)) store.delete(COOKIE);
}
