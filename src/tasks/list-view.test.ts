import { describe, expect, it } from 'vitest';
import { editHref, listHref, parseBack, ROOT_VIEW, viewOf } from './list-view.ts';

describe('list views', () => {
  it('writes only what differs from the defaults', () => {
    expect(listHref(ROOT_VIEW)).toBe('/');
    expect(listHref({ path: '/orgs/acme', show: 'open', older: 'abc_-1' })).toBe('/orgs/acme?show=open&older=abc_-1');
    expect(listHref({ path: '/', show: 'done' }, { notice: 'cleared', n: '2' })).toBe('/?show=done&notice=cleared&n=2');
  });

  it('reads a page URL, ignoring what it does not know', () => {
    expect(viewOf('/', { show: 'open', newer: 'x1', notice: 'saved' })).toEqual({
      path: '/',
      show: 'open',
      newer: 'x1',
    });
    expect(viewOf('/', { show: ['open', 'done'], older: 'not a cursor!' })).toEqual(ROOT_VIEW);
  });

  it.each([
    ['/?show=done&older=abc', { path: '/', show: 'done', older: 'abc' }],
    ['/orgs/acme-inc', { path: '/orgs/acme-inc', show: 'all' }],
    ['/?show=open&next=https://evil.example', { path: '/', show: 'open' }],
  ])('accepts the list URL %j', (raw, view) => {
    expect(parseBack(raw)).toEqual(view);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/tasks/1/edit',
    '/orgs/../auth/continue',
    '/orgs/acme/settings',
    '',
    undefined,
  ])('sends %j back to the personal list', (raw) => {
    expect(parseBack(raw)).toEqual(ROOT_VIEW);
  });

  it('links the rename page back to the list it came from', () => {
    expect(editHref(5, '/')).toBe('/tasks/5/edit');
    expect(editHref(5, '/?show=open')).toBe('/tasks/5/edit?back=%2F%3Fshow%3Dopen');
    expect(editHref(5, '/orgs/team')).toBe('/orgs/team/tasks/5/edit');
    expect(editHref(5, '/orgs/team?show=done')).toBe('/orgs/team/tasks/5/edit?back=%2Forgs%2Fteam%3Fshow%3Ddone');
  });
});
