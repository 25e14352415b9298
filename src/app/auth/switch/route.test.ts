import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { GET } from './route';

const get = (to: string, cookie: string) =>
  GET(new NextRequest(`http://app.test/auth/switch?to=${encodeURIComponent(to)}`, { headers: { cookie } }));

describe('/auth/switch', () => {
  it("drops the session cookies and goes back to the list, so the next page load is Clerk's handshake", () => {
    const response = get('/orgs/team?show=done', '__session=a; __session_Ab12=b; __client_uat=1; other=c');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/orgs/team?show=done');
    const cleared = response.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
    expect(cleared).toEqual(['__session', '__session_Ab12']);
  });

  it("keeps the cookies while Clerk's redirect-loop guard is engaged: the page retries later", () => {
    const response = get('/', '__session=a; __client_uat=1; __clerk_redirect_count=3');
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it.each(['https://evil.example/', '//evil.example', '/api/x', '/orgs/team/tasks/5/edit?x=1'])(
    'goes only to a list of this app or a rename page: %s → /',
    (to) => expect(get(to, '').headers.get('location')).toBe('/'),
  );

  it('returns to a rename page', () => {
    expect(get('/orgs/team/tasks/5/edit', '').headers.get('location')).toBe('/orgs/team/tasks/5/edit');
  });
});
