// Security headers on the built app. That they leave Clerk's hosted sign-in and the forms working
// (form-action covers the redirect to the emulator's sign-in page) is shown by the seed scenario in
// tasks.spec.ts, which signs in through that page and posts forms under these headers, JS on and off.
import { e2eEnv, expect, test } from './fixtures.ts';

test('every page carries the CSP, nosniff and Referrer-Policy headers', async ({ request }) => {
  for (const path of ['/', '/auth/sign-in', '/tasks/1/edit']) {
    const response = await request.get(`${e2eEnv('APP_URL')}${path}`, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).toContain("object-src 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  }
});
