import 'server-only';
import type { Task } from '@/supabase/database';
import { membershipsOf, userLabel, userLabels, type Membership } from './directory';

/** The header's directory data; each part is undefined when Clerk could not be asked (the list still works). */
export interface ListHeader {
  viewer?: string;
  memberships?: Membership[];
}

function logDirectoryFailure(what: string, error: unknown): undefined {
  const message = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ event: 'clerk_directory_failed', what, message }));
  return undefined;
}

export async function listHeader(userId: string): Promise<ListHeader> {
  const [viewer, memberships] = await Promise.all([
    userLabel(userId).catch((error: unknown) => logDirectoryFailure('user label', error)),
    membershipsOf(userId).catch((error: unknown) => logDirectoryFailure('memberships', error)),
  ]);
  return { viewer, memberships };
}

export async function rowAuthority(viewerId: string, role: string, tasks: readonly Pick<Task, 'user_id'>[]) {
  const creators =
    (await userLabels(tasks.map((task) => task.user_id)).catch((error: unknown) =>
      logDirectoryFailure('task creators', error),
    )) ?? new Map<string, string>();
  return { creators, canDelete: (creatorId: string) => role === 'admin' || creatorId === viewerId };
}
