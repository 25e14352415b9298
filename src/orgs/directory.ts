import 'server-only';
import { clerkClient } from '@clerk/nextjs/server';
import { TtlCache } from './ttl-cache';

/** An organization the user belongs to, with their role there (`admin`, `member`: without `org:`). */
export interface Membership {
  orgId: string;
  slug: string;
  name: string;
  role: string;
}

const TTL_MS = 30_000;
/** Clerk's largest page for both lists. */
const PAGE_LIMIT = 500;

const labels = new TtlCache<string>(TTL_MS, 5000);
const memberships = new TtlCache<Membership[]>(TTL_MS, 1000);

/** `org:admin` → `admin`: the same words the database policies use. */
export const roleName = (role: string) => role.replace(/^org:/, '');

export async function userLabels(userIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(userIds)];
  const result = new Map<string, string>();
  const missing: string[] = [];
  for (const id of wanted) {
    const cached = labels.get(id);
    if (cached === undefined) missing.push(id);
    else result.set(id, cached);
  }
  for (let start = 0; start < missing.length; start += PAGE_LIMIT) {
    const batch = missing.slice(start, start + PAGE_LIMIT);
    const { data } = await (await clerkClient()).users.getUserList({ userId: batch, limit: PAGE_LIMIT });
    const found = new Map(data.map((user) => [user.id, user]));
    for (const id of batch) {
      const user = found.get(id);
      const email = user?.primaryEmailAddress?.emailAddress ?? user?.emailAddresses[0]?.emailAddress;
      const label = user ? user.fullName?.trim() || email || id : 'a former member';
      labels.set(id, label);
      result.set(id, label);
    }
  }
  return result;
}

export async function userLabel(userId: string): Promise<string> {
  return (await userLabels([userId])).get(userId) ?? userId;
}

export async function membershipsOf(userId: string): Promise<Membership[]> {
  const cached = memberships.get(userId);
  if (cached) return cached;
  const { data } = await (await clerkClient()).users.getOrganizationMembershipList({ userId, limit: PAGE_LIMIT });
  const list = data
    .map((membership) => ({
      orgId: membership.organization.id,
      slug: membership.organization.slug,
      name: membership.organization.name,
      role: roleName(membership.role),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  memberships.set(userId, list);
  return list;
}

export function forgetUser(userId: string): void {
  labels.delete(userId);
  memberships.delete(userId);
}

export function forgetMemberships(userId: string): void {
  memberships.delete(userId);
}

/** An organization was renamed or deleted: every cached membership list may name it. */
export function forgetAllMemberships(): void {
  memberships.clear();
}
