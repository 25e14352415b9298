// The template-token cache as requests and Clerk webhooks use it, with Clerk's auth() stubbed.
import { randomBytes } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { Webhook } from 'svix';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const clerk = vi.hoisted(() => ({
  userId: 'user_a',
  sessionId: 'sess_1',
  orgId: null as string | null,
  orgSlug: null as string | null,
  getToken: vi.fn(),
}));
vi.mock('@clerk/nextjs/server', () => ({
  auth: async () => ({
    userId: clerk.userId,
    sessionId: clerk.sessionId,
    orgId: clerk.orgId,
    orgSlug: clerk.orgSlug,
    getToken: clerk.getToken,
  }),
}));
// Outside a request: a new headers object per call, so requestAuth() asks auth() every time.
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('@/webhooks/purge-user-tasks', () => ({ purgeUserTasks: async () => 0 }));

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const jwt = (sub: string) =>
  new UnsecuredJWT({ n: randomBytes(4).toString('hex') }).setSubject(sub).setExpirationTime('1h').encode();

async function load() {
  vi.resetModules();
  for (const [name, value] of Object.entries({
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_x',
    CLERK_SECRET_KEY: 'sk_live_x',
    SUPABASE_URL: 'http://127.0.0.1:9',
    SUPABASE_ANON_KEY: 'anon',
    SUPABASE_SERVICE_ROLE_KEY: 'service',
    CLERK_WEBHOOK_SIGNING_SECRET: secret,
    CLERK_SUPABASE_AUTH: 'template',
    CLERK_SUPABASE_TOKEN_CACHE: 'on',
  }))
    vi.stubEnv(name, value);
  const token = await import('./supabase-token');
  const route = await import('@/app/api/webhooks/clerk/route');
  return { ...token, POST: route.POST };
}

function webhook(type: string, data: Record<string, unknown>): Request {
  const body = JSON.stringify({ object: 'event', type, data });
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const at = new Date();
  return new Request('http://app/api/webhooks/clerk', {
    method: 'POST',
    body,
    headers: {
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, at, body),
    },
  });
}

beforeEach(() => {
  clerk.userId = 'user_a';
  clerk.sessionId = 'sess_1';
  clerk.orgId = null;
  clerk.orgSlug = null;
  clerk.getToken.mockReset();
  clerk.getToken.mockImplementation(async () => jwt(clerk.userId));
});

describe('supabaseAccessToken (template mode, cache on)', () => {
  it('makes one Clerk call for N concurrent requests of a session, then serves the cache', async () => {
    const { supabaseAccessToken } = await load();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => supabaseAccessToken('/')));
    expect(new Set(tokens).size).toBe(1);
    expect(await supabaseAccessToken('/')).toBe(tokens[0]);
    expect(clerk.getToken).toHaveBeenCalledTimes(1);
    expect(clerk.getToken).toHaveBeenCalledWith({ template: 'supabase' });
  });

  it('never serves a token of another user, even for the same session id', async () => {
    const { supabaseAccessToken } = await load();
    const first = await supabaseAccessToken('/');
    clerk.userId = 'user_b';
    const second = await supabaseAccessToken('/');
    expect(second).not.toBe(first);
    expect(clerk.getToken).toHaveBeenCalledTimes(2);
  });

  it('forgetToken drops the one token PostgREST refused, so the retry fetches a fresh one', async () => {
    const { supabaseAccessToken, forgetToken } = await load();
    const refused = await supabaseAccessToken('/');
    forgetToken('sess_1', 'some other token');
    expect(await supabaseAccessToken('/')).toBe(refused);
    forgetToken('sess_1', refused);
    expect(await supabaseAccessToken('/')).not.toBe(refused);
    expect(clerk.getToken).toHaveBeenCalledTimes(2);
  });

  it.each(['session.revoked', 'session.ended', 'session.removed'])(
    'a verified %s webhook drops that session’s token',
    async (type) => {
      const { supabaseAccessToken, POST } = await load();
      const before = await supabaseAccessToken('/');
      const other = await POST(webhook(type, { id: 'sess_other', object: 'session', user_id: 'user_a' }));
      expect(other.status).toBe(200);
      expect(await supabaseAccessToken('/')).toBe(before);

      const response = await POST(webhook(type, { id: 'sess_1', object: 'session', user_id: 'user_a' }));
      expect(await response.json()).toEqual({ received: true, type });
      expect(await supabaseAccessToken('/')).not.toBe(before);
      expect(clerk.getToken).toHaveBeenCalledTimes(2);
    },
  );

  it('a verified user.deleted webhook drops every session token of the user', async () => {
    const { supabaseAccessToken, POST } = await load();
    await supabaseAccessToken('/');
    clerk.sessionId = 'sess_2';
    await supabaseAccessToken('/');
    expect((await POST(webhook('user.deleted', { id: 'user_a', deleted: true }))).status).toBe(200);
    await supabaseAccessToken('/');
    clerk.sessionId = 'sess_1';
    await supabaseAccessToken('/');
    expect(clerk.getToken).toHaveBeenCalledTimes(4);
  });
});

describe('membership webhooks', () => {
  it.each(['organizationMembership.updated', 'organizationMembership.deleted'])(
    'a verified %s drops the member’s cached template tokens: the next request carries the new role',
    async (type) => {
      const { supabaseAccessToken, POST } = await load();
      const before = await supabaseAccessToken('/');
      const membership = {
        object: 'organization_membership',
        organization: { id: 'org_1' },
        public_user_data: { user_id: 'user_a' },
      };
      expect((await POST(webhook(type, membership))).status).toBe(200);
      expect(await supabaseAccessToken('/')).not.toBe(before);
      expect(clerk.getToken).toHaveBeenCalledTimes(2);
    },
  );
});

describe('supabaseAccessToken: the token acts for the list the request names, or nothing runs', () => {
  const orgJwt = (sub: string, orgId: string) =>
    new UnsecuredJWT({ org_id: orgId }).setSubject(sub).setExpirationTime('1h').encode();

  it('refuses a list the session does not act in, without asking Clerk', async () => {
    const { supabaseAccessToken, ListSwitchedError } = await load();
    clerk.orgId = 'org_1';
    clerk.orgSlug = 'team';
    await expect(supabaseAccessToken('/')).rejects.toMatchObject({ activeList: '/orgs/team' });
    await expect(supabaseAccessToken('/orgs/other')).rejects.toBeInstanceOf(ListSwitchedError);
    expect(clerk.getToken).not.toHaveBeenCalled();
  });

  it("refuses, and never caches, a template token Clerk minted for another organization than the session token's", async () => {
    const { supabaseAccessToken } = await load();
    clerk.orgId = 'org_1';
    clerk.orgSlug = 'team';
    // Another tab moved the session's active organization on Clerk's side: templates follow it.
    clerk.getToken.mockImplementation(async () => jwt(clerk.userId));
    await expect(supabaseAccessToken('/orgs/team')).rejects.toMatchObject({ activeList: '/' });
    clerk.getToken.mockImplementation(async () => orgJwt(clerk.userId, 'org_1'));
    const token = await supabaseAccessToken('/orgs/team');
    expect(await supabaseAccessToken('/orgs/team')).toBe(token);
    expect(clerk.getToken).toHaveBeenCalledTimes(2);

    // Back on the personal list, an organization's template token is refused there too.
    clerk.orgId = null;
    clerk.orgSlug = null;
    await expect(supabaseAccessToken('/')).rejects.toMatchObject({ activeList: undefined });
    expect(clerk.getToken).toHaveBeenCalledTimes(3);
  });
});
