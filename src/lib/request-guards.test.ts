import { describe, expect, it } from 'vitest';
import { refuseUnsafePost, SERVER_ACTION_BODY_LIMIT } from './request-guards.ts';

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
