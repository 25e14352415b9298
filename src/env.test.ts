import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { parseServerEnv, EnvError } = await import('./env.ts');

const complete = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_x',
  CLERK_SECRET_KEY: 'sk_live_x',
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon',
};

describe('parseServerEnv', () => {
  it('accepts a complete environment and fills defaults', () => {
    expect(parseServerEnv(complete)).toEqual({
      ...complete,
      CLERK_SUPABASE_AUTH: 'template',
      CLERK_SUPABASE_TEMPLATE: 'supabase',
      CLERK_SUPABASE_TOKEN_CACHE: 'on',
    });
  });

  it('names every missing variable and where it comes from', () => {
    const error = (() => {
      try {
        parseServerEnv({ SUPABASE_URL: 'not a url' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toMatch(/CLERK_SECRET_KEY is missing: Clerk Dashboard/);
    expect(message).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY is missing/);
    expect(message).toMatch(/SUPABASE_ANON_KEY is missing: Supabase Dashboard/);
    expect(message).toMatch(/SUPABASE_URL must be a URL/);
  });

  it('treats an empty webhook secret or service role key as unset, and names a malformed secret', () => {
    const env = parseServerEnv({ ...complete, CLERK_WEBHOOK_SIGNING_SECRET: '', SUPABASE_SERVICE_ROLE_KEY: ' ' });
    expect(env.CLERK_WEBHOOK_SIGNING_SECRET).toBeUndefined();
    expect(env.SUPABASE_SERVICE_ROLE_KEY).toBeUndefined();
    expect(
      parseServerEnv({ ...complete, CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_abc+/9=' }).CLERK_WEBHOOK_SIGNING_SECRET,
    ).toBe('whsec_abc+/9=');
    expect(() => parseServerEnv({ ...complete, CLERK_WEBHOOK_SIGNING_SECRET: 'sk_live_oops' })).toThrow(
      /CLERK_WEBHOOK_SIGNING_SECRET must look like whsec_<base64>: Clerk Dashboard → Webhooks/,
    );
  });

  it('rejects an unknown auth mode', () => {
    expect(() => parseServerEnv({ ...complete, CLERK_SUPABASE_AUTH: 'magic' })).toThrow(/CLERK_SUPABASE_AUTH/);
  });

  it('requires APP_URL in production, saying what it protects', () => {
    expect(() => parseServerEnv({ ...complete, NODE_ENV: 'production' })).toThrow(
      /APP_URL is required in production: .*azp.*forge/,
    );
    expect(parseServerEnv({ ...complete, NODE_ENV: 'production', APP_URL: 'https://tasks.example.com' }).APP_URL).toBe(
      'https://tasks.example.com',
    );
    expect(parseServerEnv({ ...complete, NODE_ENV: 'development' }).APP_URL).toBeUndefined();
  });
});
