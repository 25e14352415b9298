// Contract tests: the emulator's actual HTTP answers, route by route, against the response schemas of
// Clerk's OpenAPI specs (see contract-schemas.ts for how those were derived).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { freePort } from '../ports.ts';
import * as schema from '../../../tests/support/clerk-emulator/contract-schemas.ts';
import { startClerkEmulator, type ClerkEmulator } from './index.ts';

let dataDir: string;
let emulator: ClerkEmulator;
let appOrigin: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clerk-emulator-contract-'));
  appOrigin = 'http://localhost:3000';
  emulator = await startClerkEmulator({
    dataDir,
    port: await freePort(),
    supabaseJwtSecret: 'contract-supabase-jwt-secret-with-32-plus-chars',
    appUrl: appOrigin,
    webhookUrl: null,
  });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: unknown;
  contentType: string | null;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; form?: Record<string, string>; auth?: string | null; cookie?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `Bearer ${emulator.env.CLERK_SECRET_KEY ?? ''}` : options.auth;
  if (auth) headers.Authorization = auth;
  if (options.cookie) headers.Cookie = options.cookie;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (path.startsWith('/v1/client') || path.startsWith('/v1/environment')) headers.Origin = appOrigin;
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    contentType: response.headers.get('content-type'),
  };
}

/** Asserts the status and that the body matches the schema, showing zod's issues on failure. */
function conforms<T extends z.ZodType>(answer: Answer, status: number, shape: T): z.infer<T> {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toBe('application/json');
  const result = shape.safeParse(answer.body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
  return result.data as z.infer<T>;
}

async function newUser(email: string): Promise<string> {
  const created = conforms(
    await call('POST', '/v1/users', { body: { email_address: [email], password: 'a-long-password' } }),
    200,
    schema.user,
  );
  return created.id;
}

async function browserSession(email: string): Promise<{ cookie: string; sid: string }> {
  const response = await fetch(`${emulator.url}/__emulator/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const json = (await response.json()) as { session_id: string; client_cookie: { name: string; value: string } };
  return { cookie: `${json.client_cookie.name}=${json.client_cookie.value}`, sid: json.session_id };
}

describe('Backend API conforms to bapi/2026-05-12', () => {
  it('GET /v1/jwks', async () => {
    conforms(await call('GET', '/v1/jwks'), 200, schema.jwks);
  });

  it('rejects a wrong secret key with 401 and the error envelope', async () => {
    conforms(await call('GET', '/v1/users', { auth: 'Bearer sk_live_wrong' }), 401, schema.errorEnvelope);
  });

  it('users: create, get, list, count, update, delete, and their errors', async () => {
    const id = await newUser('contract-user@example.com');
    const fetched = conforms(await call('GET', `/v1/users/${id}`), 200, schema.user);
    expect(fetched.email_addresses[0]?.verification.object).toBe('verification_otp');
    conforms(await call('GET', '/v1/users?limit=5'), 200, schema.user.array());
    conforms(await call('GET', '/v1/users/count'), 200, schema.totalCount);
    conforms(await call('PATCH', `/v1/users/${id}`, { body: { first_name: 'Contract' } }), 200, schema.user);
    conforms(await call('PATCH', `/v1/users/${id}`, { body: { password: 'short' } }), 422, schema.errorEnvelope);
    conforms(
      await call('POST', '/v1/users', { body: { email_address: ['contract-user@example.com'] } }),
      422,
      schema.errorEnvelope,
    );
    conforms(await call('POST', '/v1/users', { body: {} }), 422, schema.errorEnvelope);
    conforms(await call('DELETE', `/v1/users/${id}`), 200, schema.deletedObject);
    conforms(await call('GET', `/v1/users/${id}`), 404, schema.errorEnvelope);
    conforms(await call('DELETE', `/v1/users/${id}`), 404, schema.errorEnvelope);
  });

  it('sessions: create, get, list (plain and paginated), tokens, refresh, revoke, and their errors', async () => {
    const userId = await newUser('contract-sessions@example.com');
    const created = conforms(await call('POST', '/v1/sessions', { body: { user_id: userId } }), 200, schema.session);
    conforms(await call('GET', `/v1/sessions/${created.id}`), 200, schema.session);
    conforms(await call('GET', `/v1/sessions?user_id=${userId}`), 200, schema.session.array());
    const page = conforms(
      await call('GET', `/v1/sessions?user_id=${userId}&paginated=true`),
      200,
      schema.paginatedSessions,
    );
    expect(page.total_count).toBe(1);
    const { jwt } = conforms(await call('POST', `/v1/sessions/${created.id}/tokens`), 200, schema.token);
    conforms(await call('POST', `/v1/sessions/${created.id}/tokens/supabase`), 200, schema.token);
    conforms(await call('POST', `/v1/sessions/${created.id}/tokens/nope`), 404, schema.errorEnvelope);
    conforms(
      await call('POST', `/v1/sessions/${created.id}/refresh`, {
        body: { expired_token: jwt, refresh_token: 'r', request_origin: appOrigin },
      }),
      200,
      schema.cookies,
    );
    conforms(
      await call('POST', `/v1/sessions/${created.id}/refresh`, {
        body: { refresh_token: 'r', request_origin: appOrigin },
      }),
      400,
      schema.errorEnvelope,
    );
    conforms(
      await call('POST', `/v1/sessions/${created.id}/refresh`, {
        body: { expired_token: 'not-a-jwt', refresh_token: 'r', request_origin: appOrigin },
      }),
      401,
      schema.errorEnvelope,
    );
    const revoked = conforms(await call('POST', `/v1/sessions/${created.id}/revoke`), 200, schema.session);
    expect(revoked.status).toBe('revoked');
    conforms(await call('POST', `/v1/sessions/${created.id}/tokens`), 401, schema.errorEnvelope);
    conforms(await call('GET', '/v1/sessions/sess_missing'), 404, schema.errorEnvelope);
    conforms(await call('POST', '/v1/sessions', { body: { user_id: 'user_missing' } }), 404, schema.errorEnvelope);
  });
});

describe('Backend API JWT templates conform to bapi/2026-05-12', () => {
  it('lists the default supabase template, creates, gets, updates and deletes one, and answers errors', async () => {
    const list = conforms(await call('GET', '/v1/jwt_templates'), 200, schema.jwtTemplate.array());
    const supabase = list.find((template) => template.name === 'supabase');
    expect(supabase).toMatchObject({ signing_algorithm: 'HS256', custom_signing_key: true });
    expect(supabase?.claims).toMatchObject({ role: 'authenticated', aud: 'authenticated' });
    conforms(await call('GET', '/v1/jwt_templates?paginated=true&limit=1'), 200, schema.paginatedJwtTemplates);

    const created = conforms(
      await call('POST', '/v1/jwt_templates', {
        body: { name: 'contract', claims: { role: 'authenticated' }, lifetime: 120, allowed_clock_skew: 10 },
      }),
      200,
      schema.jwtTemplate,
    );
    expect(created).toMatchObject({ lifetime: 120, allowed_clock_skew: 10, custom_signing_key: false });
    expect(created.signing_algorithm).toBe('RS256');
    conforms(await call('GET', `/v1/jwt_templates/${created.id}`), 200, schema.jwtTemplate);
    const updated = conforms(
      await call('PATCH', `/v1/jwt_templates/${created.id}`, {
        body: {
          name: 'contract',
          claims: { aud: 'x' },
          custom_signing_key: true,
          signing_algorithm: 'HS256',
          signing_key: 'another-secret-with-at-least-32-characters',
        },
      }),
      200,
      schema.jwtTemplate,
    );
    expect(updated).toMatchObject({ custom_signing_key: true, signing_algorithm: 'HS256', claims: { aud: 'x' } });
    expect(updated).not.toHaveProperty('signing_key');

    for (const body of [
      { claims: {} },
      { name: 'no-claims' },
      { name: 'contract', claims: {} },
      { name: 'short', claims: {}, lifetime: 10 },
      { name: 'skew', claims: {}, allowed_clock_skew: 301 },
      { name: 'keyless', claims: {}, custom_signing_key: true, signing_algorithm: 'HS256' },
      { name: 'alg', claims: {}, custom_signing_key: true, signing_algorithm: 'none', signing_key: 'k' },
      { name: 'pem', claims: {}, custom_signing_key: true, signing_algorithm: 'RS256', signing_key: 'not a pem' },
    ])
      conforms(await call('POST', '/v1/jwt_templates', { body }), 422, schema.errorEnvelope);
    conforms(await call('GET', '/v1/jwt_templates', { auth: 'Bearer sk_live_wrong' }), 401, schema.errorEnvelope);

    conforms(await call('DELETE', `/v1/jwt_templates/${created.id}`), 200, schema.deletedObject);
    conforms(await call('GET', `/v1/jwt_templates/${created.id}`), 404, schema.errorEnvelope);
    conforms(
      await call('PATCH', `/v1/jwt_templates/${created.id}`, { body: { name: 'x', claims: {} } }),
      404,
      schema.errorEnvelope,
    );
    conforms(await call('DELETE', `/v1/jwt_templates/${created.id}`), 404, schema.errorEnvelope);
  });

  it('mints from a stored template by name, with expires_in_seconds bounded as the spec says', async () => {
    const userId = await newUser('contract-templates@example.com');
    const session = conforms(await call('POST', '/v1/sessions', { body: { user_id: userId } }), 200, schema.session);
    const path = `/v1/sessions/${session.id}/tokens/supabase`;
    const { jwt } = conforms(await call('POST', path, { body: { expires_in_seconds: 300 } }), 200, schema.token);
    const claims = decodeJwt(jwt);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    conforms(await call('POST', path, { body: { expires_in_seconds: 5 } }), 422, schema.errorEnvelope);
  });
});

describe('Backend API organizations conform to bapi/2026-05-12', () => {
  it('organizations: create, get by id or slug, list, update, delete, and their errors', async () => {
    const creator = await newUser('contract-org-creator@example.com');
    const created = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Contract Org', created_by: creator } }),
      200,
      schema.organization,
    );
    expect(created).toMatchObject({ name: 'Contract Org', slug: 'contract-org', created_by: creator });
    const bySlug = conforms(
      await call('GET', '/v1/organizations/contract-org?include_members_count=true'),
      200,
      schema.organization,
    );
    expect(bySlug).toMatchObject({ id: created.id, members_count: 1 });
    const list = conforms(await call('GET', `/v1/organizations?user_id=${creator}&limit=5`), 200, schema.organizations);
    expect(list.data.map((o) => o.id)).toEqual([created.id]);
    const updated = conforms(
      await call('PATCH', `/v1/organizations/${created.id}`, { body: { name: 'Renamed', slug: 'renamed' } }),
      200,
      schema.organization,
    );
    expect(updated).toMatchObject({ name: 'Renamed', slug: 'renamed' });

    conforms(await call('POST', '/v1/organizations', { body: {} }), 422, schema.errorEnvelope);
    conforms(
      await call('POST', '/v1/organizations', { body: { name: 'x', slug: 'Not A Slug' } }),
      422,
      schema.errorEnvelope,
    );
    conforms(
      await call('POST', '/v1/organizations', { body: { name: 'x', slug: 'renamed' } }),
      422,
      schema.errorEnvelope,
    );
    conforms(
      await call('POST', '/v1/organizations', { body: { name: 'x', created_by: 'user_nope' } }),
      422,
      schema.errorEnvelope,
    );
    conforms(
      await call('PATCH', `/v1/organizations/${created.id}`, { body: { public_metadata: {} } }),
      422,
      schema.errorEnvelope,
    );
    conforms(await call('GET', '/v1/organizations', { auth: 'Bearer sk_live_wrong' }), 401, schema.errorEnvelope);

    const deleted = conforms(await call('DELETE', `/v1/organizations/${created.id}`), 200, schema.deletedObject);
    expect(deleted).toEqual({ object: 'organization', id: created.id, slug: 'renamed', deleted: true });
    conforms(await call('GET', `/v1/organizations/${created.id}`), 404, schema.errorEnvelope);
    conforms(await call('DELETE', `/v1/organizations/${created.id}`), 404, schema.errorEnvelope);
  });

  it('memberships: add, list (per organization and per user), change role, remove, and their errors', async () => {
    const admin = await newUser('contract-mem-admin@example.com');
    const member = await newUser('contract-mem-member@example.com');
    const org = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Members', slug: 'members', created_by: admin } }),
      200,
      schema.organization,
    );
    const path = `/v1/organizations/${org.id}/memberships`;
    const added = conforms(
      await call('POST', path, { body: { user_id: member, role: 'org:member' } }),
      200,
      schema.organizationMembership,
    );
    expect(added).toMatchObject({
      role: 'org:member',
      organization: { id: org.id },
      public_user_data: { user_id: member },
    });
    const all = conforms(await call('GET', path), 200, schema.organizationMemberships);
    expect(all.data.map((m) => [m.public_user_data?.user_id, m.role])).toEqual([
      [admin, 'org:admin'],
      [member, 'org:member'],
    ]);
    const admins = conforms(await call('GET', `${path}?role=org:admin`), 200, schema.organizationMemberships);
    expect(admins.total_count).toBe(1);
    const ofUser = conforms(
      await call('GET', `/v1/users/${member}/organization_memberships`),
      200,
      schema.organizationMemberships,
    );
    expect(ofUser.data.map((m) => m.organization.id)).toEqual([org.id]);
    const promoted = conforms(
      await call('PATCH', `${path}/${member}`, { body: { role: 'org:admin' } }),
      200,
      schema.organizationMembership,
    );
    expect(promoted.role).toBe('org:admin');

    conforms(await call('POST', path, { body: { user_id: member, role: 'org:member' } }), 422, schema.errorEnvelope);
    conforms(await call('POST', path, { body: { user_id: admin, role: 'org:owner' } }), 422, schema.errorEnvelope);
    conforms(
      await call('POST', path, { body: { user_id: 'user_nope', role: 'org:member' } }),
      404,
      schema.errorEnvelope,
    );
    conforms(await call('PATCH', `${path}/${member}`, { body: { role: 'admin' } }), 422, schema.errorEnvelope);
    conforms(await call('GET', '/v1/organizations/org_nope/memberships'), 404, schema.errorEnvelope);
    conforms(await call('GET', '/v1/users/user_nope/organization_memberships'), 404, schema.errorEnvelope);

    const removed = conforms(await call('DELETE', `${path}/${member}`), 200, schema.organizationMembership);
    expect(removed.public_user_data?.user_id).toBe(member);
    conforms(await call('DELETE', `${path}/${member}`), 404, schema.errorEnvelope);
  });

  it('a session made with active_organization_id carries it, in its tokens too; not for a non-member', async () => {
    const admin = await newUser('contract-active-admin@example.com');
    const outsider = await newUser('contract-active-outsider@example.com');
    const org = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Active', slug: 'active-org', created_by: admin } }),
      200,
      schema.organization,
    );
    const session = conforms(
      await call('POST', '/v1/sessions', { body: { user_id: admin, active_organization_id: org.id } }),
      200,
      schema.session,
    );
    expect(session.last_active_organization_id).toBe(org.id);
    const { jwt } = conforms(await call('POST', `/v1/sessions/${session.id}/tokens`), 200, schema.token);
    expect(decodeJwt(jwt).o).toEqual({ id: org.id, slg: 'active-org', rol: 'admin' });
    const template = conforms(await call('POST', `/v1/sessions/${session.id}/tokens/supabase`), 200, schema.token);
    expect(decodeJwt(template.jwt)).toMatchObject({ org_id: org.id, org_role: 'org:admin' });
    conforms(
      await call('POST', '/v1/sessions', { body: { user_id: outsider, active_organization_id: org.id } }),
      422,
      schema.errorEnvelope,
    );

    // Without an active organization: no `o`, and the template's org claims are null.
    const personal = conforms(await call('POST', '/v1/sessions', { body: { user_id: admin } }), 200, schema.session);
    const plain = conforms(await call('POST', `/v1/sessions/${personal.id}/tokens`), 200, schema.token);
    expect(decodeJwt(plain.jwt)).not.toHaveProperty('o');
    const plainTemplate = conforms(
      await call('POST', `/v1/sessions/${personal.id}/tokens/supabase`),
      200,
      schema.token,
    );
    expect(decodeJwt(plainTemplate.jwt)).toMatchObject({ org_id: null, org_role: null });
  });
});

describe('Frontend API conforms to fapi/2026-05-12', () => {
  it('GET /v1/environment', async () => {
    conforms(await call('GET', '/v1/environment', { auth: null }), 200, schema.environment);
  });

  it('GET /v1/client without and with a client', async () => {
    conforms(await call('GET', '/v1/client', { auth: null }), 200, schema.envelope(schema.client.nullable()));
    await newUser('contract-client@example.com');
    const { cookie } = await browserSession('contract-client@example.com');
    const answer = conforms(
      await call('GET', '/v1/client', { auth: null, cookie }),
      200,
      schema.envelope(schema.client.nullable()),
    );
    expect(answer.client?.sessions).toHaveLength(1);
  });

  it('session tokens, touch, end, remove, and sign-out', async () => {
    await newUser('contract-fapi@example.com');
    const { cookie, sid } = await browserSession('contract-fapi@example.com');
    const { jwt } = conforms(
      await call('POST', `/v1/client/sessions/${sid}/tokens`, { auth: null, cookie }),
      200,
      schema.token,
    );
    expect(decodeJwt(jwt).sid).toBe(sid);
    conforms(
      await call('POST', `/v1/client/sessions/${sid}/tokens/supabase`, { auth: null, cookie }),
      200,
      schema.token,
    );
    conforms(
      await call('POST', `/v1/client/sessions/${sid}/touch`, { auth: null, cookie }),
      200,
      schema.envelope(schema.frontendSession),
    );
    conforms(
      await call('POST', `/v1/client/sessions/${sid}/end`, { auth: null, cookie }),
      200,
      schema.envelope(schema.frontendSession),
    );
    conforms(
      await call('POST', `/v1/client/sessions/${sid}/tokens`, { auth: null, cookie }),
      401,
      schema.errorEnvelope,
    );

    const second = await browserSession('contract-fapi@example.com');
    conforms(
      await call('POST', `/v1/client/sessions/${second.sid}/remove`, { auth: null, cookie: second.cookie }),
      200,
      schema.envelope(schema.frontendSession),
    );
    const third = await browserSession('contract-fapi@example.com');
    const signedOut = conforms(
      await call('DELETE', '/v1/client/sessions', { auth: null, cookie: third.cookie }),
      200,
      schema.envelope(schema.client.nullable()),
    );
    expect(signedOut.client?.sessions).toEqual([]);
    conforms(await call('GET', '/v1/client/nothing-here', { auth: null }), 404, schema.errorEnvelope);
  });
});

describe('Webhooks conform to webhooks/2025-04-15', () => {
  it('user.deleted', async () => {
    const id = await newUser('contract-webhook@example.com');
    conforms(await call('DELETE', `/v1/users/${id}`), 200, schema.deletedObject);
    const { deliveries } = (await (await fetch(`${emulator.url}/__emulator/webhooks`)).json()) as {
      deliveries: { type: string; payload: unknown }[];
    };
    const event = deliveries.find((d) => d.type === 'user.deleted' && JSON.stringify(d.payload).includes(id));
    const result = schema.userDeletedEvent.safeParse(event?.payload);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});

describe('the handshake activates the organization the URL names', () => {
  it('by slug or id for a member, back to personal with an empty id, and never for a non-member', async () => {
    const email = 'contract-handshake-org@example.com';
    const userId = await newUser(email);
    const other = await newUser('contract-handshake-other@example.com');
    const mine = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Mine', slug: 'hs-mine', created_by: userId } }),
      200,
      schema.organization,
    );
    const theirs = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Theirs', slug: 'hs-theirs', created_by: other } }),
      200,
      schema.organization,
    );
    const { cookie, sid } = await browserSession(email);
    const handshake = async (organizationId: string) => {
      const query = new URLSearchParams({ redirect_url: `${appOrigin}/orgs/x`, organization_id: organizationId });
      const response = await fetch(`${emulator.url}/v1/client/handshake?${query}`, {
        headers: { Cookie: cookie },
        redirect: 'manual',
      });
      expect(response.status).toBe(307);
      const session = conforms(await call('GET', `/v1/sessions/${sid}`), 200, schema.session);
      return session.last_active_organization_id;
    };
    expect(await handshake('hs-mine')).toBe(mine.id);
    expect(await handshake('')).toBeNull();
    expect(await handshake(mine.id)).toBe(mine.id);
    expect(await handshake('hs-theirs')).toBe(mine.id);
    expect(await handshake(theirs.id)).toBe(mine.id);
    expect(await handshake('org_unknown')).toBe(mine.id);
  });
});

describe('the admin page manages organizations', () => {
  it('creates an organization with an admin and adds a member, through plain form posts', async () => {
    const admin = 'contract-admin-page-admin@example.com';
    const member = 'contract-admin-page-member@example.com';
    await newUser(admin);
    const memberId = await newUser(member);
    const post = async (path: string, form: Record<string, string>) => {
      const response = await fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
      return new URL(response.headers.get('location')!, emulator.url).searchParams.get('message');
    };
    expect(await post('/__emulator/admin/organizations', { name: 'Admin Page Org', admin_email: admin })).toBe(
      'Created Admin Page Org (admin-page-org).',
    );
    expect(
      await post('/__emulator/admin/organizations/members', {
        organization: 'admin-page-org',
        email: member,
        role: 'org:member',
      }),
    ).toBe(`Added ${member} to Admin Page Org as org:member.`);
    expect(
      await post('/__emulator/admin/organizations/members', {
        organization: 'admin-page-org',
        email: member,
        role: 'org:member',
      }),
    ).toBe(`${member} is already a member.`);
    const memberships = conforms(
      await call('GET', `/v1/users/${memberId}/organization_memberships`),
      200,
      schema.organizationMemberships,
    );
    expect(memberships.data.map((m) => [m.organization.slug, m.role])).toEqual([['admin-page-org', 'org:member']]);
    const html = await (await fetch(`${emulator.url}/__emulator/admin`)).text();
    expect(html).toContain(`${admin} (org:admin), ${member} (org:member)`);
  });
});

describe('Organization webhooks conform to webhooks/2025-04-15', () => {
  it('organizationMembership.created, .updated, .deleted, organization.updated and organization.deleted', async () => {
    const admin = await newUser('contract-org-webhooks@example.com');
    const member = await newUser('contract-org-webhooks-member@example.com');
    const org = conforms(
      await call('POST', '/v1/organizations', { body: { name: 'Hooks', created_by: admin } }),
      200,
      schema.organization,
    );
    conforms(
      await call('POST', `/v1/organizations/${org.id}/memberships`, { body: { user_id: member, role: 'org:member' } }),
      200,
      schema.organizationMembership,
    );
    await call('PATCH', `/v1/organizations/${org.id}/memberships/${member}`, { body: { role: 'org:admin' } });
    await call('PATCH', `/v1/organizations/${org.id}`, { body: { name: 'Hooks renamed' } });
    await call('DELETE', `/v1/organizations/${org.id}/memberships/${member}`);
    await call('DELETE', `/v1/organizations/${org.id}`);
    const { deliveries } = (await (await fetch(`${emulator.url}/__emulator/webhooks`)).json()) as {
      deliveries: { type: string; payload: unknown }[];
    };
    const about = (type: string) =>
      deliveries.find((d) => d.type === type && JSON.stringify(d.payload).includes(org.id));
    const membership = schema.organizationMembershipDeletedEvent.safeParse(
      about('organizationMembership.deleted')?.payload,
    );
    expect(membership.success ? [] : membership.error.issues).toEqual([]);
    for (const [type, eventSchema] of [
      ['organizationMembership.created', schema.organizationMembershipCreatedEvent],
      ['organizationMembership.updated', schema.organizationMembershipUpdatedEvent],
      ['organization.updated', schema.organizationUpdatedEvent],
    ] as const) {
      const event = eventSchema.safeParse(about(type)?.payload);
      expect(event.success ? [] : event.error.issues, type).toEqual([]);
    }
    const organization = schema.organizationDeletedEvent.safeParse(about('organization.deleted')?.payload);
    expect(organization.success ? [] : organization.error.issues).toEqual([]);
    expect(organization.data?.data).toEqual({ object: 'organization', id: org.id, slug: 'hooks', deleted: true });
  });
});

describe('Frontend API sign-in and sign-up conform to fapi/2026-05-12', () => {
  async function fapi(method: string, path: string, cookie: string | undefined, form?: Record<string, string>) {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        Origin: appOrigin,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    const text = await response.text();
    const answer: Answer = {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      contentType: response.headers.get('content-type'),
    };
    return { answer, cookie: setCookie ? setCookie.split(';')[0] : cookie };
  }

  it('signs up with email + password and an email code', async () => {
    const created = await fapi('POST', '/v1/client/sign_ups', undefined, {
      email_address: 'contract-signup@example.com',
      password: 'a-long-password',
    });
    const signUp = conforms(created.answer, 200, schema.envelope(schema.signUp)).response;
    expect(signUp.unverified_fields).toEqual(['email_address']);
    const cookie = created.cookie;
    expect(cookie).toMatch(/^__emulator_client=/);
    const base = `/v1/client/sign_ups/${signUp.id}`;
    conforms(
      (await fapi('POST', `${base}/prepare_verification`, cookie, { strategy: 'email_code' })).answer,
      200,
      schema.envelope(schema.signUp),
    );
    conforms(
      (await fapi('POST', `${base}/attempt_verification`, cookie, { strategy: 'email_code', code: 'wrong!' })).answer,
      422,
      schema.errorEnvelope,
    );
    const admin = await (await fetch(`${emulator.url}/__emulator/admin`)).text();
    const code = /class="verification-code">(\d{6})</.exec(admin)?.[1] ?? '';
    const done = conforms(
      (await fapi('POST', `${base}/attempt_verification`, cookie, { strategy: 'email_code', code })).answer,
      200,
      schema.envelope(schema.signUp),
    );
    expect(done.response.status).toBe('complete');
    expect(done.client?.sessions[0]?.id).toBe(done.response.created_session_id);
    conforms(
      (await fapi('GET', '/v1/me', cookie)).answer,
      200,
      schema.envelope(schema.user.omit({ private_metadata: true })),
    );
    conforms(
      (await fapi('POST', '/v1/client/sign_ups', cookie, { email_address: 'contract-signup@example.com' })).answer,
      422,
      schema.errorEnvelope,
    );
  });

  it('signs in with email + password, and refuses a wrong password or an unknown email', async () => {
    await newUser('contract-signin@example.com');
    const unknown = await fapi('POST', '/v1/client/sign_ins', undefined, { identifier: 'nobody@example.com' });
    conforms(unknown.answer, 422, schema.errorEnvelope);
    const started = await fapi('POST', '/v1/client/sign_ins', undefined, { identifier: 'contract-signin@example.com' });
    const signIn = conforms(started.answer, 200, schema.envelope(schema.signIn)).response;
    expect(signIn.status).toBe('needs_first_factor');
    const cookie = started.cookie;
    const attempt = `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`;
    conforms(
      (await fapi('POST', attempt, cookie, { strategy: 'password', password: 'wrong-password' })).answer,
      422,
      schema.errorEnvelope,
    );
    const done = conforms(
      (await fapi('POST', attempt, cookie, { strategy: 'password', password: 'a-long-password' })).answer,
      200,
      schema.envelope(schema.signIn),
    );
    expect(done.response.status).toBe('complete');
    expect(done.client?.last_active_session_id).toBe(done.response.created_session_id);
    conforms(
      (await fapi('GET', `/v1/client/sign_ins/${signIn.id}`, cookie)).answer,
      200,
      schema.envelope(schema.signIn),
    );
  });
});
