// Backend API organizations and memberships (bapi/2026-05-12.yml): what the admin page, tests and a
// server using @clerk/backend's `organizations` / `users.getOrganizationMembershipList` call.
import type { ServerResponse } from 'node:http';
import type { OrganizationJSON, OrganizationMembershipJSON } from '@clerk/backend';
import type { EmulatorContext } from './context.ts';
import { notFound, objectParam, type Route } from './backend-routes.ts';
import { readParams, sendErrors, sendJson, stringParam } from './http-util.ts';
import {
  ORGANIZATION_ROLES,
  type MembershipRecord,
  type OrganizationRecord,
  type Store,
  type UserRecord,
} from './store.ts';

/** The spec's Organization, which also lists `image_url`; the SDK type has it optional. */
export type OrganizationResource = OrganizationJSON & { image_url: string };

/** The spec's membership: public user data also carries the deprecated (required) `profile_image_url`. */
export type MembershipResource = Omit<OrganizationMembershipJSON, 'organization' | 'public_user_data'> & {
  role_name: string;
  organization: OrganizationResource;
  public_user_data: OrganizationMembershipJSON['public_user_data'] & {
    profile_image_url: string;
    username: string | null;
  };
};

const ROLE_NAMES: Record<string, string> = { 'org:admin': 'Admin', 'org:member': 'Member' };
/** The default roles' system permissions; no custom permissions are emulated. */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  'org:admin': [
    'org:sys_profile:manage',
    'org:sys_profile:delete',
    'org:sys_memberships:read',
    'org:sys_memberships:manage',
    'org:sys_domains:read',
    'org:sys_domains:manage',
  ],
  'org:member': ['org:sys_memberships:read'],
};

export function organizationJson(
  store: Store,
  organization: OrganizationRecord,
  options: { membersCount?: boolean } = {},
): OrganizationResource {
  return {
    object: 'organization',
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: '',
    has_image: false,
    ...(options.membersCount
      ? { members_count: store.listMemberships({ organizationId: organization.id }).length }
      : {}),
    pending_invitations_count: 0,
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: organization.adminDeleteEnabled,
    public_metadata: organization.publicMetadata,
    private_metadata: organization.privateMetadata,
    ...(organization.createdBy ? { created_by: organization.createdBy } : {}),
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
    role_set_key: null,
  };
}

export function membershipJson(
  store: Store,
  membership: MembershipRecord,
  organization: OrganizationRecord,
  user: UserRecord | undefined,
): MembershipResource {
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    role_name: ROLE_NAMES[membership.role] ?? membership.role,
    permissions: ROLE_PERMISSIONS[membership.role] ?? [],
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    organization: organizationJson(store, organization),
    public_user_data: {
      user_id: membership.userId,
      first_name: user?.firstName ?? null,
      last_name: user?.lastName ?? null,
      profile_image_url: '',
      image_url: '',
      has_image: false,
      identifier: user?.email ?? '',
      username: user?.username ?? null,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

function invalid(res: ServerResponse, param: string, message: string, code = 'form_param_value_invalid'): void {
  sendErrors(res, 422, { code, message, long_message: message, meta: { param_name: param } });
}

function page<T>(items: T[], url: URL): { data: T[]; total_count: number } {
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 10) || 10));
  return { data: items.slice(offset, offset + limit), total_count: items.length };
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function slugFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'organization'
  );
}

/** Validates name and slug for create (all required) or update (only those given); answers 422 when invalid. */
function nameAndSlug(
  ctx: EmulatorContext,
  res: ServerResponse,
  params: Record<string, unknown>,
  existing?: OrganizationRecord,
): { name: string; slug: string } | undefined {
  const rawName = params.name ?? existing?.name;
  if (typeof rawName !== 'string' || rawName.trim() === '') return void invalid(res, 'name', 'name is required');
  const name = rawName.trim();
  if (name.length > 256) return void invalid(res, 'name', 'name must be at most 256 characters');
  if (/<|>|https?:\/\//i.test(name)) return void invalid(res, 'name', 'name may not contain URLs or HTML');
  const slug = stringParam(params, 'slug') ?? existing?.slug ?? slugFromName(name);
  if (!SLUG.test(slug)) return void invalid(res, 'slug', 'slug may contain only lowercase letters, digits and dashes');
  const other = ctx.store.getOrganization(slug);
  if (other && other.id !== existing?.id && other.slug === slug)
    return void invalid(res, 'slug', 'This slug is already taken by another organization.', 'form_identifier_exists');
  return { name, slug };
}

function findOrganization(ctx: EmulatorContext, res: ServerResponse, idOrSlug: string | undefined) {
  const organization = idOrSlug ? ctx.store.getOrganization(idOrSlug) : undefined;
  if (!organization) notFound(res, `No organization was found with id or slug ${idOrSlug ?? ''}`);
  return organization;
}

function roleParam(res: ServerResponse, params: Record<string, unknown>): string | undefined {
  const role = stringParam(params, 'role');
  if (!role || !(ORGANIZATION_ROLES as readonly string[]).includes(role))
    return void invalid(res, 'role', `role must be one of ${ORGANIZATION_ROLES.join(', ')}`);
  return role;
}

const includeMembersCount = (url: URL) => url.searchParams.get('include_members_count') === 'true';

/** Creates an organization (the creator, if any, becomes its admin); 422 when the input is invalid. */
export function createOrganization(
  ctx: EmulatorContext,
  res: ServerResponse,
  params: Record<string, unknown>,
): OrganizationRecord | undefined {
  const valid = nameAndSlug(ctx, res, params);
  if (!valid) return undefined;
  const createdBy = stringParam(params, 'created_by') || null;
  if (createdBy && !ctx.store.getUser(createdBy))
    return void invalid(res, 'created_by', `No user was found with id ${createdBy}`);
  const max = params.max_allowed_memberships;
  if (max !== undefined && max !== null && !(typeof max === 'number' && Number.isInteger(max) && max >= 0))
    return void invalid(res, 'max_allowed_memberships', 'max_allowed_memberships must be a non-negative integer');
  return ctx.store.createOrganization({
    ...valid,
    createdBy,
    maxAllowedMemberships: (max as number | null | undefined) ?? 0,
    publicMetadata: objectParam(params, 'public_metadata'),
    privateMetadata: objectParam(params, 'private_metadata'),
  });
}

/** Adds a user to an organization; 404/422 answered here when it cannot. */
export function addMember(
  ctx: EmulatorContext,
  res: ServerResponse,
  organization: OrganizationRecord,
  params: Record<string, unknown>,
): MembershipRecord | undefined {
  const userId = stringParam(params, 'user_id');
  const user = userId ? ctx.store.getUser(userId) : undefined;
  if (!user) return void notFound(res, `No user was found with id ${userId ?? ''}`);
  const role = roleParam(res, params);
  if (!role) return undefined;
  if (ctx.store.getMembership(organization.id, user.id))
    return void invalid(
      res,
      'user_id',
      'The user is already a member of this organization.',
      'already_a_member_in_organization',
    );
  const count = ctx.store.listMemberships({ organizationId: organization.id }).length;
  if (organization.maxAllowedMemberships > 0 && count >= organization.maxAllowedMemberships)
    return void invalid(
      res,
      'user_id',
      'The organization has reached its membership limit.',
      'organization_membership_quota_exceeded',
    );
  return ctx.store.createMembership(organization, user.id, role);
}

/** Deletes an organization with its memberships and sends `organization.deleted`; false when there was none. */
export async function deleteOrganizationAndNotify(ctx: EmulatorContext, id: string): Promise<boolean> {
  const deleted = ctx.store.deleteOrganization(id);
  if (!deleted) return false;
  await ctx.store.save();
  ctx.webhooks.send('organization.deleted', {
    object: 'organization',
    id: deleted.organization.id,
    slug: deleted.organization.slug,
    deleted: true,
  });
  return true;
}

/** Removes a membership and sends `organizationMembership.deleted` with the membership as it was. */
export async function removeMemberAndNotify(
  ctx: EmulatorContext,
  organization: OrganizationRecord,
  membership: MembershipRecord,
): Promise<MembershipResource> {
  const json = membershipJson(ctx.store, membership, organization, ctx.store.getUser(membership.userId));
  ctx.store.deleteMembership(membership);
  await ctx.store.save();
  ctx.webhooks.send('organizationMembership.deleted', { ...json });
  return json;
}

const PATCHABLE = new Set([
  'name',
  'slug',
  'max_allowed_memberships',
  'admin_delete_enabled',
  'created_at',
  'role_set_key',
]);

export function organizationRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/organizations$/,
      name: 'GET /v1/organizations',
      handler: async (ctx, _req, res, _p, url) => {
        const query = url.searchParams.get('query')?.toLowerCase();
        const userIds = url.searchParams.getAll('user_id');
        const organizations = ctx.store
          .listOrganizations()
          .filter(
            (o) =>
              (!query || o.id === query || o.name.toLowerCase().includes(query) || o.slug.includes(query)) &&
              (userIds.length === 0 || userIds.some((userId) => ctx.store.getMembership(o.id, userId))),
          );
        const { data, total_count } = page(organizations, url);
        sendJson(res, 200, {
          data: data.map((o) => organizationJson(ctx.store, o, { membersCount: includeMembersCount(url) })),
          total_count,
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/organizations$/,
      name: 'POST /v1/organizations',
      handler: async (ctx, req, res) => {
        const organization = createOrganization(ctx, res, await readParams(req));
        if (!organization) return;
        await ctx.store.save();
        sendJson(res, 200, organizationJson(ctx.store, organization));
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/organizations\/([^/]+)$/,
      name: 'GET /v1/organizations/:id',
      handler: async (ctx, _req, res, [id], url) => {
        const organization = findOrganization(ctx, res, id);
        if (organization)
          sendJson(res, 200, organizationJson(ctx.store, organization, { membersCount: includeMembersCount(url) }));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/v1\/organizations\/([^/]+)$/,
      name: 'PATCH /v1/organizations/:id',
      handler: async (ctx, req, res, [id]) => {
        const params = await readParams(req);
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        // The spec closes this body: metadata moved to /metadata in 2026-05-12.
        const unknown = Object.keys(params).find((key) => !PATCHABLE.has(key));
        if (unknown) return invalid(res, unknown, `${unknown} is not a valid parameter`, 'form_param_unknown');
        const valid = nameAndSlug(ctx, res, params, organization);
        if (!valid) return;
        const max = params.max_allowed_memberships;
        if (max !== undefined && max !== null) {
          if (!(typeof max === 'number' && Number.isInteger(max) && max >= 0))
            return invalid(res, 'max_allowed_memberships', 'max_allowed_memberships must be a non-negative integer');
          organization.maxAllowedMemberships = max;
        }
        if (typeof params.admin_delete_enabled === 'boolean')
          organization.adminDeleteEnabled = params.admin_delete_enabled;
        Object.assign(organization, valid, { updatedAt: Date.now() });
        await ctx.store.save();
        const json = organizationJson(ctx.store, organization);
        ctx.webhooks.send('organization.updated', { ...json });
        sendJson(res, 200, json);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/organizations\/([^/]+)$/,
      name: 'DELETE /v1/organizations/:id',
      handler: async (ctx, _req, res, [id]) => {
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        await deleteOrganizationAndNotify(ctx, organization.id);
        sendJson(res, 200, { object: 'organization', id: organization.id, slug: organization.slug, deleted: true });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/organizations\/([^/]+)\/memberships$/,
      name: 'GET /v1/organizations/:id/memberships',
      handler: async (ctx, _req, res, [id], url) => {
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        const roles = url.searchParams.getAll('role');
        const userIds = url.searchParams.getAll('user_id');
        const memberships = ctx.store
          .listMemberships({ organizationId: organization.id })
          .filter(
            (m) =>
              (roles.length === 0 || roles.includes(m.role)) && (userIds.length === 0 || userIds.includes(m.userId)),
          );
        const { data, total_count } = page(memberships, url);
        sendJson(res, 200, {
          data: data.map((m) => membershipJson(ctx.store, m, organization, ctx.store.getUser(m.userId))),
          total_count,
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/organizations\/([^/]+)\/memberships$/,
      name: 'POST /v1/organizations/:id/memberships',
      handler: async (ctx, req, res, [id]) => {
        const params = await readParams(req);
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        const membership = addMember(ctx, res, organization, params);
        if (!membership) return;
        await ctx.store.save();
        const json = membershipJson(ctx.store, membership, organization, ctx.store.getUser(membership.userId));
        ctx.webhooks.send('organizationMembership.created', { ...json });
        sendJson(res, 200, json);
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/v1\/organizations\/([^/]+)\/memberships\/([^/]+)$/,
      name: 'PATCH /v1/organizations/:id/memberships/:user_id',
      handler: async (ctx, req, res, [id, userId]) => {
        const params = await readParams(req);
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        const membership = ctx.store.getMembership(organization.id, userId ?? '');
        if (!membership) return notFound(res, `No membership was found for user ${userId ?? ''}`);
        const role = roleParam(res, params);
        if (!role) return;
        Object.assign(membership, { role, updatedAt: Date.now() });
        await ctx.store.save();
        const json = membershipJson(ctx.store, membership, organization, ctx.store.getUser(membership.userId));
        ctx.webhooks.send('organizationMembership.updated', { ...json });
        sendJson(res, 200, json);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/organizations\/([^/]+)\/memberships\/([^/]+)$/,
      name: 'DELETE /v1/organizations/:id/memberships/:user_id',
      handler: async (ctx, _req, res, [id, userId]) => {
        const organization = findOrganization(ctx, res, id);
        if (!organization) return;
        const membership = ctx.store.getMembership(organization.id, userId ?? '');
        if (!membership) return notFound(res, `No membership was found for user ${userId ?? ''}`);
        sendJson(res, 200, await removeMemberAndNotify(ctx, organization, membership));
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/users\/([^/]+)\/organization_memberships$/,
      name: 'GET /v1/users/:id/organization_memberships',
      handler: async (ctx, _req, res, [userId], url) => {
        const user = userId ? ctx.store.getUser(userId) : undefined;
        if (!user) return notFound(res, `No user was found with id ${userId ?? ''}`);
        const memberships = ctx.store.listMemberships({ userId: user.id });
        const { data, total_count } = page(memberships, url);
        sendJson(res, 200, {
          data: data.map((m) => membershipJson(ctx.store, m, ctx.store.getOrganization(m.organizationId)!, user)),
          total_count,
        });
      },
    },
  ];
}

/** The admin page's organizations section: the organizations with their members, and two small forms. */
export function organizationsAdminSection(ctx: EmulatorContext, escapeHtml: (text: string) => string): string {
  const rows = ctx.store
    .listOrganizations()
    .map((o) => {
      const members = ctx.store
        .listMemberships({ organizationId: o.id })
        .map((m) => `${escapeHtml(ctx.store.getUser(m.userId)?.email ?? m.userId)} (${escapeHtml(m.role)})`)
        .join(', ');
      return `<tr><td>${escapeHtml(o.name)}</td><td><code>${escapeHtml(o.slug)}</code></td><td><code>${escapeHtml(o.id)}</code></td><td>${members || 'none'}</td></tr>`;
    })
    .join('\n');
  const roles = ORGANIZATION_ROLES.map((role) => `<option value="${role}">${role}</option>`).join('');
  return `<h2>Organizations</h2>
<table id="organizations"><thead><tr><th>Name</th><th>Slug</th><th>Id</th><th>Members</th></tr></thead><tbody>${rows || '<tr><td colspan="4">None yet.</td></tr>'}</tbody></table>
<h3>Create an organization</h3>
<form method="post" action="/__emulator/admin/organizations">
<label for="org_name">Name</label><input id="org_name" name="name" required>
<label for="org_slug">Slug (optional)</label><input id="org_slug" name="slug" pattern="[a-z0-9]+(-[a-z0-9]+)*">
<label for="org_creator">Admin's email (optional)</label><input id="org_creator" name="admin_email" type="email">
<button type="submit">Create organization</button></form>
<h3>Add a member</h3>
<form method="post" action="/__emulator/admin/organizations/members">
<label for="member_org">Organization slug or id</label><input id="member_org" name="organization" required>
<label for="member_email">User's email</label><input id="member_email" name="email" type="email" required>
<label for="member_role">Role</label><select id="member_role" name="role">${roles}</select>
<button type="submit">Add member</button></form>`;
}

/** The admin forms' POSTs; returns the message to show, or null when `path` is not one of them. */
export async function handleOrganizationAdminForm(
  ctx: EmulatorContext,
  path: string,
  params: Record<string, unknown>,
): Promise<string | null> {
  if (path === '/__emulator/admin/organizations') {
    const name = stringParam(params, 'name')?.trim() ?? '';
    if (!name || name.length > 256) return 'Enter a name (at most 256 characters).';
    const slug = stringParam(params, 'slug')?.trim() || slugFromName(name);
    if (!SLUG.test(slug)) return 'A slug may contain only lowercase letters, digits and dashes.';
    if (ctx.store.getOrganization(slug)?.slug === slug) return `The slug ${slug} is taken.`;
    const adminEmail = stringParam(params, 'admin_email')?.trim();
    const admin = adminEmail ? ctx.store.findUserByEmail(adminEmail) : undefined;
    if (adminEmail && !admin) return `No user has the email address ${adminEmail}.`;
    const organization = ctx.store.createOrganization({ name, slug, createdBy: admin?.id ?? null });
    await ctx.store.save();
    return `Created ${organization.name} (${organization.slug}).`;
  }
  if (path === '/__emulator/admin/organizations/members') {
    const organization = ctx.store.getOrganization(stringParam(params, 'organization')?.trim() ?? '');
    if (!organization) return 'No such organization.';
    const user = ctx.store.findUserByEmail(stringParam(params, 'email') ?? '');
    if (!user) return 'No user has that email address.';
    const role = stringParam(params, 'role') ?? '';
    if (!(ORGANIZATION_ROLES as readonly string[]).includes(role)) return 'Choose org:admin or org:member.';
    if (ctx.store.getMembership(organization.id, user.id)) return `${user.email} is already a member.`;
    const membership = ctx.store.createMembership(organization, user.id, role);
    await ctx.store.save();
    ctx.webhooks.send('organizationMembership.created', {
      ...membershipJson(ctx.store, membership, organization, user),
    });
    return `Added ${user.email} to ${organization.name} as ${role}.`;
  }
  return null;
}
