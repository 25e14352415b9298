// Row Level Security at the REST level in both ways Clerk and Supabase can be joined, with tokens
// the Clerk emulator mints for real Clerk users:
//   template: the `supabase` JWT template (HS256, signed with the Supabase JWT secret);
//   native:   the Clerk session token itself (RS256, `role: "authenticated"`), which PostgREST
//             verifies with the emulator's public key from its JWKS (Supabase third-party auth).
// The same policies serve both: requesting_user_id() reads `sub`.
import { generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supabaseClient, templateToken } from '../support/supabase.ts';
import { testStackOptions } from '../support/test-stack.ts';
import { createSessionUser, type SessionUser } from '../support/users.ts';
import { startStack, type Stack } from '../../tools/local-stack/stack.ts';

type Mode = 'template' | 'native';

let dataDir: string;
let cleanup: (() => Promise<void>) | undefined;
let stack: Stack;
let clerk: ReturnType<typeof createClerkClient>;
let emulatorKey: { kid: string; privateKey: CryptoKey };

beforeAll(async () => {
  // Native mode adds the role claim to session tokens; template tokens are unaffected by it.
  const prepared = await testStackOptions('rls-modes-test', (port) => ({
    port,
    nativeSupabaseRole: true,
    webhookUrl: null,
  }));
  cleanup = prepared.cleanup;
  dataDir = prepared.options.dataDir!;
  stack = await startStack(prepared.options);
  clerk = createClerkClient({ apiUrl: stack.env.CLERK_API_URL, secretKey: stack.env.CLERK_SECRET_KEY });
  const instance = JSON.parse(await readFile(join(dataDir, 'clerk', 'instance.json'), 'utf8')) as {
    kid: string;
    privateKeyPem: string;
  };
  emulatorKey = { kid: instance.kid, privateKey: await importPKCS8(instance.privateKeyPem, 'RS256') };
});

afterAll(async () => {
  await stack?.stop();
  await cleanup?.();
});

const signedInUser = (label: string): Promise<SessionUser> => createSessionUser(clerk, label);

/** What the app sends to Supabase in each mode, fetched the way @clerk/nextjs's getToken does. */
async function tokenFor(mode: Mode, user: SessionUser): Promise<string> {
  const { jwt } =
    mode === 'template'
      ? await clerk.sessions.getToken(user.sessionId, 'supabase')
      : await clerk.sessions.getToken(user.sessionId);
  return jwt;
}

const clientFor = async (mode: Mode, user: SessionUser) =>
  supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, await tokenFor(mode, user));
const withToken = (token: string) => supabaseClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, token);

/** A session-token-shaped JWT; `key` defaults to the emulator's own signing key. */
async function sessionShapedToken(
  sub: string,
  options: { role?: string; expiresInSeconds?: number; key?: CryptoKey },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: 'sess_x', ...(options.role ? { role: options.role } : {}) })
    .setProtectedHeader({ alg: 'RS256', kid: emulatorKey.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now - 120)
    .setExpirationTime(now + (options.expiresInSeconds ?? 60))
    .sign(options.key ?? emulatorKey.privateKey);
}

describe.each<Mode>(['template', 'native'])('RLS with %s tokens', (mode) => {
  it('the token is the kind this mode sends', async () => {
    const user = await signedInUser(`${mode}-kind`);
    const [header] = (await tokenFor(mode, user)).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString()).alg).toBe(mode === 'template' ? 'HS256' : 'RS256');
  });

  it('a user inserts, lists, updates and deletes own tasks; user_id comes from the token', async () => {
    const alice = await signedInUser(`${mode}-alice`);
    const db = await clientFor(mode, alice);
    const inserted = await db
      .from('tasks')
      .insert({ name: `${mode}: write tests` })
      .select()
      .single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toMatchObject({ name: `${mode}: write tests`, done: false, user_id: alice.userId });
    const id = inserted.data!.id as number;

    expect((await db.from('tasks').select('id, name')).data).toEqual([{ id, name: `${mode}: write tests` }]);
    const updated = await db.from('tasks').update({ done: true }).eq('id', id).select('id, done');
    expect(updated.data).toEqual([{ id, done: true }]);
    const deleted = await db.from('tasks').delete().eq('id', id).select('id');
    expect(deleted.data).toEqual([{ id }]);
    expect((await db.from('tasks').select()).data).toEqual([]);
  });

  it("another user cannot see, change, delete or forge the first user's tasks", async () => {
    const alice = await signedInUser(`${mode}-alice2`);
    const bob = await signedInUser(`${mode}-bob`);
    const a = await clientFor(mode, alice);
    const b = await clientFor(mode, bob);
    const own = await a.from('tasks').insert({ name: "Alice's secret" }).select().single();
    expect(own.error).toBeNull();
    const id = own.data!.id as number;

    expect((await b.from('tasks').select()).data).toEqual([]);
    expect((await b.from('tasks').update({ name: 'hijacked' }).eq('id', id).select()).data).toEqual([]);
    const removed = await b.from('tasks').delete({ count: 'exact' }).eq('id', id);
    expect(removed.count).toBe(0);
    const forged = await b.from('tasks').insert({ name: 'planted', user_id: alice.userId });
    expect(forged.status).toBe(403);
    expect(forged.error?.code).toBe('42501');

    expect((await a.from('tasks').select('id, name, user_id')).data).toEqual([
      { id, name: "Alice's secret", user_id: alice.userId },
    ]);
  });

  it('an expired token and a token signed with another key are rejected: 401 PGRST301', async () => {
    const carol = await signedInUser(`${mode}-carol`);
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const [expired, forged] =
      mode === 'template'
        ? [
            await templateToken(stack.env.SUPABASE_JWT_SECRET, carol.userId, { expiresInSeconds: -120 }),
            await templateToken('not-the-stack-secret-not-the-stack-secret-0000', carol.userId),
          ]
        : [
            await sessionShapedToken(carol.userId, { role: 'authenticated', expiresInSeconds: -120 }),
            await sessionShapedToken(carol.userId, { role: 'authenticated', key: otherKey }),
          ];
    for (const token of [expired, forged]) {
      const result = await withToken(token).from('tasks').select();
      expect(result.status).toBe(401);
      expect(result.error?.code).toBe('PGRST301');
    }
  });
});

describe('native mode needs the role claim', () => {
  it('a valid session token without `role` runs as anon and reads no rows', async () => {
    const dave = await signedInUser('native-dave');
    expect((await (await clientFor('native', dave)).from('tasks').insert({ name: "Dave's" })).error).toBeNull();

    const noRole = await withToken(await sessionShapedToken(dave.userId, {}))
      .from('tasks')
      .select();
    // anon has no grant on tasks (401 / 42501); with one, RLS would return []. Either way: no rows.
    expect(noRole.data ?? []).toEqual([]);
    if (noRole.error) expect([noRole.status, noRole.error.code]).toEqual([401, '42501']);
    // The same token with the claim (what Clerk's Supabase integration adds) sees the row.
    const withRole = await withToken(await sessionShapedToken(dave.userId, { role: 'authenticated' }))
      .from('tasks')
      .select('name');
    expect(withRole.data).toEqual([{ name: "Dave's" }]);
  });
});

describe.each<Mode>(['template', 'native'])('organization-shared tasks with %s tokens', (mode) => {
  /** A session whose active organization is `organizationId`; the SDK's createSession has no such parameter. */
  async function sessionIn(userId: string, organizationId?: string): Promise<SessionUser> {
    const response = await fetch(`${stack.env.CLERK_API_URL}/v1/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.env.CLERK_SECRET_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: userId, ...(organizationId ? { active_organization_id: organizationId } : {}) }),
    });
    expect(response.status).toBe(200);
    return { userId, sessionId: ((await response.json()) as { id: string }).id };
  }

  async function world() {
    const [adminA, memberA, adminB, memberB, loner, both] = await Promise.all(
      ['admin-a', 'member-a', 'admin-b', 'member-b', 'loner', 'both'].map((label) =>
        signedInUser(`${mode}-org-${label}`),
      ),
    );
    const orgA = await clerk.organizations.createOrganization({
      name: `${mode} A ${randomUUID().slice(0, 8)}`,
      createdBy: adminA!.userId,
    });
    const orgB = await clerk.organizations.createOrganization({
      name: `${mode} B ${randomUUID().slice(0, 8)}`,
      createdBy: adminB!.userId,
    });
    for (const [organizationId, user] of [
      [orgA.id, memberA],
      [orgB.id, memberB],
      [orgA.id, both],
      [orgB.id, both],
    ] as const)
      await clerk.organizations.createOrganizationMembership({
        organizationId,
        userId: user!.userId,
        role: 'org:member',
      });
    const as = async (user: SessionUser, organizationId?: string) =>
      clientFor(mode, await sessionIn(user.userId, organizationId));
    return {
      orgA,
      orgB,
      adminA: await as(adminA!, orgA.id),
      memberA: await as(memberA!, orgA.id),
      memberB: await as(memberB!, orgB.id),
      loner: await as(loner!),
      memberAPersonal: await as(memberA!),
      // A member of A and B whose active organization is B.
      bothInB: await as(both!, orgB.id),
      memberAUserId: memberA!.userId,
    };
  }

  const insert = async (db: Awaited<ReturnType<typeof clientFor>>, name: string) => {
    const result = await db.from('tasks').insert({ name }).select('id, org_id').single();
    expect(result.error).toBeNull();
    return result.data as { id: number; org_id: string | null };
  };
  const names = async (db: Awaited<ReturnType<typeof clientFor>>) =>
    ((await db.from('tasks').select('name').order('name')).data ?? []).map((row) => row.name as string);

  it('members share the active organization’s list; personal lists stay apart; B sees none of A', async () => {
    const w = await world();
    expect(await insert(w.adminA, 'a: admin')).toMatchObject({ org_id: w.orgA.id });
    await insert(w.memberA, 'a: member');
    expect(await insert(w.memberB, 'b: member')).toMatchObject({ org_id: w.orgB.id });
    expect(await insert(w.memberAPersonal, 'personal: member a')).toMatchObject({ org_id: null });
    await insert(w.loner, 'personal: loner');

    expect(await names(w.adminA)).toEqual(['a: admin', 'a: member']);
    expect(await names(w.memberA)).toEqual(['a: admin', 'a: member']);
    expect(await names(w.memberB)).toEqual(['b: member']);
    expect(await names(w.bothInB)).toEqual(['b: member']);
    expect(await names(w.memberAPersonal)).toEqual(['personal: member a']);
    expect(await names(w.loner)).toEqual(['personal: loner']);
  });

  it("a member cannot delete the admin's task; the admin deletes the member's; nobody moves a task", async () => {
    const w = await world();
    const adminTask = await insert(w.adminA, 'admin task');
    const memberTask = await insert(w.memberA, 'member task');
    const denied = await w.memberA.from('tasks').delete({ count: 'exact' }).eq('id', adminTask.id);
    expect(denied.count).toBe(0);
    const allowed = await w.adminA.from('tasks').delete({ count: 'exact' }).eq('id', memberTask.id);
    expect(allowed.count).toBe(1);
    const moved = await w.memberA.from('tasks').update({ org_id: w.orgB.id }).eq('id', adminTask.id);
    expect([moved.status, moved.error?.code]).toEqual([403, '42501']);
    const planted = await w.memberB.from('tasks').insert({ name: 'planted', org_id: w.orgA.id });
    expect([planted.status, planted.error?.code]).toEqual([403, '42501']);
    expect(await names(w.adminA)).toEqual(['admin task']);
  });

  it('a token claiming organization A signed with another key is rejected: 401 PGRST301', async () => {
    const w = await world();
    await insert(w.adminA, 'secret of A');
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const claims =
      mode === 'template'
        ? { role: 'authenticated', aud: 'authenticated', org_id: w.orgA.id, org_role: 'org:admin' }
        : { role: 'authenticated', sid: 'sess_x', v: 2, o: { id: w.orgA.id, rol: 'admin', slg: 'a' } };
    const forged = await new SignJWT(claims)
      .setProtectedHeader(mode === 'template' ? { alg: 'HS256', typ: 'JWT' } : { alg: 'RS256', kid: emulatorKey.kid })
      .setSubject(w.memberAUserId)
      .setIssuedAt(now - 10)
      .setExpirationTime(now + 60)
      .sign(
        mode === 'template' ? new TextEncoder().encode('not-the-stack-secret-not-the-stack-secret-0000') : otherKey,
      );
    const result = await withToken(forged).from('tasks').select();
    expect([result.status, result.error?.code]).toEqual([401, 'PGRST301']);
  });
});
