// The webhook route before it is configured: 503 with what to set, so Clerk keeps retrying.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const baseEnv = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_x',
  CLERK_SECRET_KEY: 'sk_live_x',
  SUPABASE_URL: 'http://127.0.0.1:9',
  SUPABASE_ANON_KEY: 'anon',
};

async function postWith(env: Record<string, string>): Promise<Response> {
  vi.resetModules();
  for (const key of ['CLERK_WEBHOOK_SIGNING_SECRET', 'SUPABASE_SERVICE_ROLE_KEY']) vi.stubEnv(key, '');
  for (const [key, value] of Object.entries({ ...baseEnv, ...env })) vi.stubEnv(key, value);
  const { POST } = await import('@/app/api/webhooks/clerk/route');
  return POST(new Request('http://app/api/webhooks/clerk', { method: 'POST', body: '{}' }));
}

describe('POST /api/webhooks/clerk without configuration', () => {
  beforeEach(() => vi.unstubAllEnvs());

  it('answers 503 naming CLERK_WEBHOOK_SIGNING_SECRET when it is unset', async () => {
    const response = await postWith({ SUPABASE_SERVICE_ROLE_KEY: 'service' });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatch(/CLERK_WEBHOOK_SIGNING_SECRET/);
  });

  it('answers 503 when the service role key is unset', async () => {
    const response = await postWith({ CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_c2VjcmV0' });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatch(/SUPABASE_SERVICE_ROLE_KEY/);
  });

  it('with both set, goes on to verify (a request without svix headers: 400)', async () => {
    const response = await postWith({
      CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_c2VjcmV0',
      SUPABASE_SERVICE_ROLE_KEY: 'service',
    });
    expect(response.status).toBe(400);
  });
});
