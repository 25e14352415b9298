import { describe, expect, it } from 'vitest';
import {
  authorizedParties,
  isAllowedOrigin,
  refuseUnsafePost,
  requestHost,
  SERVER_ACTION_BODY_LIMIT,
} from './request-guards.ts';

const post = (headers: Record<string, string>, pathname = '/') => ({
  method: 'POST',
  headers: new Headers(headers),
  nextUrl: { pathname },
});

describe('refuseUnsafePost', () => {
  it('lets a same-origin form post through', () => {
    expect(
      refuseUnsafePost(post({ host: 'localhost:3000', origin: 'http://localhost:3000', 'content-length': '500' })),
    ).toBeUndefined();
  });

  it('lets a post without Origin through (Next decides, as it does for old browsers)', () => {
    expect(refuseUnsafePost(post({ host: 'localhost:3000' }))).toBeUndefined();
  });

  it.each(['http://evil.example', 'http://localhost:3001', 'null'])('refuses Origin %s with 403', (origin) => {
    expect(refuseUnsafePost(post({ host: 'localhost:3000', origin }))?.status).toBe(403);
  });

  it('compares with x-forwarded-host when a proxy sets it', () => {
    expect(
      refuseUnsafePost(
        post({ host: 'internal:3000', 'x-forwarded-host': 'tasks.example', origin: 'https://tasks.example' }),
      ),
    ).toBeUndefined();
  });

  it('compares with the first x-forwarded-host when proxies append theirs, as Next does', () => {
    const headers = { host: 'internal:3000', 'x-forwarded-host': 'tasks.example, lb.internal' };
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://tasks.example' }))).toBeUndefined();
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://lb.internal' }))?.status).toBe(403);
    expect(refuseUnsafePost(post({ ...headers, origin: 'http://internal:3000' }))?.status).toBe(403);
  });

  it('lets through an Origin in serverActions.allowedOrigins, wildcards included', () => {
    const allowed = ['public.example', '*.tasks.example'];
    const headers = { host: 'internal:3000' };
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://public.example' }), allowed)).toBeUndefined();
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://eu.tasks.example' }), allowed)).toBeUndefined();
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://tasks.example' }), allowed)?.status).toBe(403);
    expect(refuseUnsafePost(post({ ...headers, origin: 'https://evil.example' }), allowed)?.status).toBe(403);
  });

  it('refuses a body over the server-action limit with 413', async () => {
    const refusal = refuseUnsafePost(
      post({ host: 'h', origin: 'http://h', 'content-length': String(SERVER_ACTION_BODY_LIMIT + 1) }),
    );
    expect(refusal?.status).toBe(413);
    expect(await refusal?.text()).toContain('larger than 1 MB');
  });

  it('leaves GETs and API routes alone', () => {
    expect(
      refuseUnsafePost({
        method: 'GET',
        headers: new Headers({ host: 'h', origin: 'http://evil.example' }),
        nextUrl: { pathname: '/' },
      }),
    ).toBeUndefined();
    expect(refuseUnsafePost(post({ host: 'h', origin: 'http://evil.example' }, '/api/webhooks/clerk'))).toBeUndefined();
  });
});

describe('requestHost', () => {
  it('is the first forwarded host, else Host', () => {
    expect(requestHost(new Headers({ host: 'h:1', 'x-forwarded-host': ' a.example , b' }))).toBe('a.example');
    expect(requestHost(new Headers({ host: 'h:1' }))).toBe('h:1');
    expect(requestHost(new Headers({ host: 'h:1', 'x-forwarded-host': '' }))).toBe('h:1');
  });
});

describe('isAllowedOrigin (Next serverActions.allowedOrigins matching)', () => {
  it.each([
    ['app.example', ['app.example'], true],
    ['APP.example', ['app.EXAMPLE'], true],
    ['a.app.example', ['*.app.example'], true],
    ['app.example', ['*.app.example'], false],
    ['a.b.app.example', ['*.app.example'], false],
    ['a.b.app.example', ['**.app.example'], true],
    ['app.example', ['**.app.example'], false],
    ['anything.example', ['*'], false],
    ['anything.example', ['**'], false],
    ['localhost:3000', ['localhost:3000'], true],
    ['app.example', ['app..example', ''], false],
  ])('%s against %j: %s', (host, allowed, expected) => {
    expect(isAllowedOrigin(host, allowed)).toBe(expected);
  });
});

describe('authorizedParties', () => {
  const request = (headers: Record<string, string>) => ({
    headers: new Headers(headers),
    nextUrl: { protocol: 'http:' },
  });

  it('is the configured app origin when there is one', () => {
    expect(authorizedParties(request({ host: 'x' }), 'https://tasks.example/some/path')).toEqual([
      'https://tasks.example',
    ]);
  });

  it("is the request's own origin otherwise, behind a proxy too", () => {
    expect(authorizedParties(request({ host: 'localhost:3000' }), undefined)).toEqual(['http://localhost:3000']);
    expect(
      authorizedParties(
        request({ host: 'internal', 'x-forwarded-host': 'tasks.example, lb', 'x-forwarded-proto': 'https' }),
        undefined,
      ),
    ).toEqual(['https://tasks.example']);
  });
});
