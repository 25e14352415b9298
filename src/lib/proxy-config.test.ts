// What next.config.mjs and the proxy's matcher make of requests, with Next's own testing helpers.
import { unstable_doesMiddlewareMatch, unstable_getResponseFromNextConfig } from 'next/experimental/testing/server';
import type { NextConfig } from 'next';
import { describe, expect, it, vi } from 'vitest';

// A plain .mjs without types: TypeScript gets its shape from here.
const nextConfigFile: string = '../../next.config.mjs';
const { default: nextConfig, clerkOrigins } = (await import(nextConfigFile)) as {
  default: NextConfig;
  clerkOrigins(env: Record<string, string>): string[];
};

vi.mock('server-only', () => ({}));
const { config } = await import('../proxy');

describe('proxy matcher', () => {
  it.each(['/', '/tasks/1/edit', '/auth/sign-in', '/api/other', '/trpc/x'])('runs on %s', (url) => {
    expect(unstable_doesMiddlewareMatch({ config, nextConfig, url })).toBe(true);
  });

  it.each(['/api/webhooks/clerk', '/api/webhooks', '/_next/static/chunk.js', '/favicon.ico'])(
    'does not run on %s',
    (url) => {
      expect(unstable_doesMiddlewareMatch({ config, nextConfig, url })).toBe(false);
    },
  );

  it('buffers at most 1 MB of a body it sees', () => {
    expect(nextConfig.experimental?.proxyClientMaxBodySize).toBe('1mb');
  });
});

describe('security headers', () => {
  it.each(['/', '/tasks/5/edit', '/api/webhooks/clerk'])('are set on %s', async (path) => {
    const response = await unstable_getResponseFromNextConfig({ url: `http://localhost:3000${path}`, nextConfig });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toMatch(/form-action 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it("allow forms to redirect to Clerk's pages: the emulator's, or the hosted Account Portal", () => {
    expect(
      clerkOrigins({
        NEXT_PUBLIC_CLERK_SIGN_IN_URL: 'http://localhost:4010/sign-in',
        NEXT_PUBLIC_CLERK_PROXY_URL: 'http://localhost:4010',
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('127.0.0.1:4010$').toString('base64')}`,
      }),
    ).toEqual(['http://localhost:4010']);
    const key = (host: string) => ({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from(`${host}$`).toString('base64')}`,
    });
    expect(clerkOrigins(key('clerk.tasks.example'))).toEqual([
      'https://clerk.tasks.example',
      'https://accounts.tasks.example',
    ]);
    expect(clerkOrigins(key('happy-cat-1.clerk.accounts.dev'))).toEqual([
      'https://happy-cat-1.clerk.accounts.dev',
      'https://happy-cat-1.accounts.dev',
    ]);
  });
});
