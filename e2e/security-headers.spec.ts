// Security headers on the built app. That they leave Clerk's hosted sign-in and the forms working
// (form-action covers the redirect to the emulator's sign-in page) is shown by the seed scenario in
// tasks.spec.ts, which signs in through that page and posts forms under these headers, JS on and off.
import { createUser, e2eEnv, expect, javaScriptOff, test, userButton } from '../tests/support/e2e-fixtures.ts';

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

test('page scripts need the per-request nonce: clerk-js loads, injected markup does not run', async ({
  page,
  login,
}) => {
  test.skip(javaScriptOff(), 'scripts run only with JavaScript on');
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refusals.push(message.text());
  });
  await login(await createUser('csp'));
  const response = await page.reload();
  const policies = (await response!.headerValue('content-security-policy')) ?? '';
  expect(policies).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
  expect(policies).toContain("'strict-dynamic'");
  // clerk-js, whose tags carry the nonce, runs: its account button replaces the plain form.
  await expect(userButton(page)).toBeVisible();
  expect(refusals, 'nothing of the page itself was refused').toEqual([]);

  // What a stored XSS would put in the page's markup: an inline script and an inline event handler,
  // without the nonce, parsed as HTML (document.write parses as the page's own markup is).
  await page.evaluate(() => {
    document.write(
      '<script>window.__injectedScript = true</script>' +
        '<img src="/no-such-image.png" onerror="window.__injectedHandler = true">',
    );
  });
  await expect.poll(() => refusals.length).toBeGreaterThanOrEqual(2);
  expect(refusals.join('\n')).toMatch(/Executing inline script violates/);
  expect(refusals.join('\n')).toMatch(/Executing inline event handler violates/);
  const ran = await page.evaluate(() => {
    const w = window as { __injectedScript?: boolean; __injectedHandler?: boolean };
    return { script: w.__injectedScript ?? false, handler: w.__injectedHandler ?? false };
  });
  expect(ran).toEqual({ script: false, handler: false });
});
