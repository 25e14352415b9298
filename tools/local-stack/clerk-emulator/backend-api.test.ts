import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, exportSPKI, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports.ts';
import { startClerkEmulator, type ClerkEmulator } from './index.ts';

const supabaseJwtSecret = 'test-supabase-jwt-secret-with-at-least-32-chars';
let dataDir: string;
let port: number;
let emulator: ClerkEmulator;
let clerk: ReturnType<typeof createClerkClient>;

function errorStatus(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

async function counters(): Promise<{ backend: Record<string, number> }> {
  return (await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/counters`)).json() as Promise<{
    backend: Record<string, number>;
  }>;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clerk-emulator-test-'));
  port = await freePort();
  emulator = await startClerkEmulator({ dataDir, port, supabaseJwtSecret, appUrl: 'http://localhost:3000' });
  clerk = createClerkClient({ apiUrl: emulator.env.CLERK_API_URL, secretKey: emulator.env.CLERK_SECRET_KEY });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Clerk emulator with the real @clerk/backend client', () => {
  it('emits the env the SDKs need', () => {
    const env = emulator.env;
    expect(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).toBe(
      `pk_live_${Buffer.from(`127.0.0.1:${port}$`).toString('base64').replace(/=+$/, '')}`,
    );
    expect(env.CLERK_SECRET_KEY).toMatch(/^sk_live_/);
    expect(env.CLERK_API_URL).toBe(`http://127.0.0.1:${port}`);
    expect(env.NEXT_PUBLIC_CLERK_PROXY_URL).toBe(`http://localhost:${port}`);
    expect(env.CLERK_JWT_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
    expect(env.NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED).toBe('1');
    expect(env.NEXT_PUBLIC_CLERK_KEYLESS_DISABLED).toBe('1');
  });

  it('creates, reads, lists, updates and deletes users', async () => {
    const created = await clerk.users.createUser({
      emailAddress: ['grace@example.com'],
      password: 'a-long-password',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    expect(created.id).toMatch(/^user_/);
    const fetched = await clerk.users.getUser(created.id);
    expect(fetched.primaryEmailAddress?.emailAddress).toBe('grace@example.com');
    expect(fetched.firstName).toBe('Grace');
    expect(fetched.passwordEnabled).toBe(true);
    const list = await clerk.users.getUserList({ emailAddress: ['grace@example.com'] });
    expect(list.totalCount).toBe(1);
    expect(list.data[0]?.id).toBe(created.id);
    const updated = await clerk.users.updateUser(created.id, { firstName: 'Amazing Grace' });
    expect(updated.firstName).toBe('Amazing Grace');
    await expect(
      clerk.users.createUser({ emailAddress: ['grace@example.com'], password: 'another-password' }),
    ).rejects.toMatchObject({ status: 422 });
    await clerk.users.deleteUser(created.id);
    await expect(clerk.users.getUser(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('mints the supabase template token (HS256, aud/role authenticated) and verifiable session tokens', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['linus@example.com'], password: 'a-long-password' });
    const session = await clerk.sessions.createSession({ userId: user.id });
    expect(session.status).toBe('active');

    const { jwt: templateJwt } = await clerk.sessions.getToken(session.id, 'supabase');
    const { payload } = await jwtVerify(templateJwt, new TextEncoder().encode(supabaseJwtSecret), {
      audience: 'authenticated',
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ sub: user.id, role: 'authenticated', email: 'linus@example.com' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);

    const { jwt: sessionJwt } = await clerk.sessions.getToken(session.id);
    expect(decodeProtectedHeader(sessionJwt)).toMatchObject({ alg: 'RS256', kid: emulator.publicJwk.kid });
    const claims = decodeJwt(sessionJwt);
    expect(claims).toMatchObject({
      sub: user.id,
      sid: session.id,
      iss: `https://127.0.0.1:${port}`,
      azp: 'http://localhost:3000',
      sts: 'active',
      v: 2,
    });
    expect(claims.role).toBeUndefined();

    const viaPem = await verifyToken(sessionJwt, { jwtKey: emulator.env.CLERK_JWT_KEY });
    expect(viaPem.sub).toBe(user.id);
    const viaJwks = await verifyToken(sessionJwt, {
      secretKey: emulator.env.CLERK_SECRET_KEY,
      apiUrl: emulator.env.CLERK_API_URL,
      skipJwksCache: true,
    });
    expect(viaJwks.sid).toBe(session.id);

    const stranger = await exportSPKI((await generateKeyPair('RS256', { extractable: true })).publicKey);
    await expect(verifyToken(sessionJwt, { jwtKey: stranger })).rejects.toThrow();
  });

  it('manages JWT templates through clerk.jwtTemplates and mints from what is stored', async () => {
    const user = await clerk.users.createUser({
      emailAddress: ['ada@example.com'],
      firstName: 'Ada',
      lastName: 'Lovelace',
      publicMetadata: { plan: 'pro' },
    });
    const session = await clerk.sessions.createSession({ userId: user.id });
    const listed = await clerk.jwtTemplates.list();
    expect(listed.data.map((template) => template.name)).toContain('supabase');

    // Default signing: the instance's RS256 key, verifiable with its JWKS.
    const template = await clerk.jwtTemplates.create({
      name: 'shortcodes',
      claims: {
        uid: '{{user.id}}',
        email: '{{user.primary_email_address}}',
        sid: '{{session.id}}',
        greeting: 'Hello {{user.first_name}} {{user.last_name}}',
        plan: '{{user.public_metadata.plan}}',
        nested: { org: '{{org.id}}', list: ['{{user.username}}', 1] },
        unknown: '{{user.nonsense}}',
        sub: 'someone-else',
        iss: 'https://evil.example',
      },
      lifetime: 90,
      allowedClockSkew: 0,
    });
    expect(template.signingAlgorithm).toBe('RS256');
    const { jwt } = await clerk.sessions.getToken(session.id, 'shortcodes');
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', kid: emulator.publicJwk.kid });
    const { payload } = await jwtVerify(jwt, await importJWK(emulator.publicJwk, 'RS256'));
    expect(payload).toMatchObject({
      uid: user.id,
      email: 'ada@example.com',
      sid: session.id,
      greeting: 'Hello Ada Lovelace',
      plan: 'pro',
      nested: { org: null, list: [null, 1] },
      unknown: null,
      sub: user.id,
      iss: `https://127.0.0.1:${port}`,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(90);
    expect(payload.nbf).toBe(payload.iat);

    // A template signed with another secret and without the role claim: what the doctor must catch.
    await clerk.jwtTemplates.update({
      templateId: template.id,
      name: 'shortcodes',
      claims: { aud: 'authenticated' },
      customSigningKey: true,
      signingAlgorithm: 'HS256',
      signingKey: 'not-the-supabase-secret-but-32-chars-long',
    });
    const { jwt: other } = await clerk.sessions.getToken(session.id, 'shortcodes');
    await expect(jwtVerify(other, new TextEncoder().encode(supabaseJwtSecret))).rejects.toThrow();
    const { payload: otherPayload } = await jwtVerify(
      other,
      new TextEncoder().encode('not-the-supabase-secret-but-32-chars-long'),
    );
    expect(otherPayload.role).toBeUndefined();

    await clerk.jwtTemplates.delete(template.id);
    await expect(clerk.sessions.getToken(session.id, 'shortcodes')).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for an unknown template and refuses tokens for a revoked session', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['ken@example.com'] });
    const session = await clerk.sessions.createSession({ userId: user.id });
    await expect(clerk.sessions.getToken(session.id, 'no-such-template')).rejects.toMatchObject({ status: 404 });
    await expect(clerk.sessions.getToken('sess_doesnotexist')).rejects.toMatchObject({ status: 404 });

    const revoked = await clerk.sessions.revokeSession(session.id);
    expect(revoked.status).toBe('revoked');
    expect((await clerk.sessions.getSession(session.id)).status).toBe('revoked');
    const failure = await clerk.sessions.getToken(session.id, 'supabase').catch((e: unknown) => e);
    expect(errorStatus(failure)).toBe(401);
    expect((failure as { errors: { code: string }[] }).errors[0]?.code).toBe('session_not_active');
  });

  it('rejects a wrong secret key with 401 and counts Backend API calls by route', async () => {
    const wrong = createClerkClient({ apiUrl: emulator.env.CLERK_API_URL, secretKey: 'sk_live_wrong' });
    await expect(wrong.users.getUserList()).rejects.toMatchObject({ status: 401 });

    await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/counters/reset`, { method: 'POST' });
    const user = await clerk.users.createUser({ emailAddress: ['barbara@example.com'] });
    const session = await clerk.sessions.createSession({ userId: user.id });
    await clerk.sessions.getToken(session.id, 'supabase');
    await clerk.sessions.getToken(session.id, 'supabase');
    const { backend } = await counters();
    expect(backend['POST /v1/sessions/:id/tokens/:template']).toBe(2);
    expect(backend['POST /v1/users']).toBe(1);
  });

  it('keeps its keys, users, sessions and templates across a restart; a deleted default stays deleted', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['margaret@example.com'] });
    const kept = await clerk.jwtTemplates.create({ name: 'kept', claims: { a: 1 } });
    const session = await clerk.sessions.createSession({ userId: user.id });
    const before = { ...emulator.env };
    await emulator.stop();
    emulator = await startClerkEmulator({ dataDir, port, supabaseJwtSecret });
    expect(emulator.env.CLERK_SECRET_KEY).toBe(before.CLERK_SECRET_KEY);
    expect(emulator.env.CLERK_JWT_KEY).toBe(before.CLERK_JWT_KEY);
    expect((await clerk.users.getUser(user.id)).id).toBe(user.id);
    expect((await clerk.sessions.getToken(session.id)).jwt).toBeTruthy();
    expect((await clerk.jwtTemplates.get(kept.id)).claims).toEqual({ a: 1 });

    const supabase = (await clerk.jwtTemplates.list()).data.find((t) => t.name === 'supabase');
    await clerk.jwtTemplates.delete(supabase!.id);
    await emulator.stop();
    emulator = await startClerkEmulator({ dataDir, port, supabaseJwtSecret });
    expect((await clerk.jwtTemplates.list()).data.map((t) => t.name)).toEqual(['kept']);
  });

  it('adds role "authenticated" to session tokens in native Supabase mode', async () => {
    const nativeDir = await mkdtemp(join(tmpdir(), 'clerk-emulator-native-'));
    const native = await startClerkEmulator({
      dataDir: nativeDir,
      port: await freePort(),
      supabaseJwtSecret,
      nativeSupabaseRole: true,
    });
    try {
      const client = createClerkClient({ apiUrl: native.env.CLERK_API_URL, secretKey: native.env.CLERK_SECRET_KEY });
      const user = await client.users.createUser({ emailAddress: ['native@example.com'] });
      const session = await client.sessions.createSession({ userId: user.id });
      expect(decodeJwt((await client.sessions.getToken(session.id)).jwt).role).toBe('authenticated');
    } finally {
      await native.stop();
      await rm(nativeDir, { recursive: true, force: true });
    }
  });
});
