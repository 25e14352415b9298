import 'server-only';
import { z } from 'zod';
import { appCookie, setAppCookie, takeAppCookie } from '@/auth/app-cookies';
import { cookies } from 'next/headers';

// What the user typed into a form whose submission could not be saved (signed out, service down).

// Bound to the user it was typed for, so on a shared browser nobody else is shown it.
const draftSchema = z.object({ userId: z.string(), name: z.string(), taskId: z.number().optional() });
export type Draft = z.infer<typeof draftSchema>;

/** Marks a URL as "come back with the draft" (the page only reads the cookie when it sees this). */
export const DRAFT_PARAM = 'draft';
const MAX_DRAFT_BYTES = 3800;

export async function saveDraft(draft: Draft): Promise<void> {
  const value = Buffer.from(JSON.stringify(draft)).toString('base64url');
  if (value.length <= MAX_DRAFT_BYTES) await setAppCookie('task_draft', value, 600);
}

/** `userId`'s draft, if any; pages may read it but only actions and route handlers can clear it. */
export async function readDraft(userId: string): Promise<Draft | undefined> {
  const { name } = await appCookie('task_draft');
  const draft = parseDraft((await cookies()).get(name)?.value);
  return draft?.userId === userId ? draft : undefined;
}

export async function clearDraft(): Promise<void> {
  await takeAppCookie('task_draft');
}

function parseDraft(raw: string | undefined): Draft | undefined {
  if (!raw) return undefined;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
