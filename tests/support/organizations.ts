// Clerk organizations for tests, e2e and the security suite, made through the real @clerk/backend client
// (against the emulator), as a server or the Clerk Dashboard would make them.
import { randomUUID } from 'node:crypto';
import type { ClerkClient } from '@clerk/backend';

export interface TestOrganization {
  id: string;
  slug: string;
  name: string;
}

/** A new organization named after `label` (unique slug), whose `org:admin` is `adminUserId`. */
export async function createTestOrganization(
  clerk: ClerkClient,
  label: string,
  adminUserId: string,
): Promise<TestOrganization> {
  const suffix = randomUUID().slice(0, 8);
  const organization = await clerk.organizations.createOrganization({
    name: `${label} ${suffix}`,
    slug: `${label}-${suffix}`.toLowerCase(),
    createdBy: adminUserId,
  });
  return { id: organization.id, slug: organization.slug, name: organization.name };
}

/** Adds `userId` to the organization with `role` (default `org:member`). */
export async function addMember(
  clerk: ClerkClient,
  organizationId: string,
  userId: string,
  role: 'org:admin' | 'org:member' = 'org:member',
): Promise<void> {
  await clerk.organizations.createOrganizationMembership({ organizationId, userId, role });
}
