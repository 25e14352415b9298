// Security headers on the built app. That they leave Clerk's hosted sign-in and the forms working
// (form-action covers the redirect to the emulator's sign-in page) is shown by the seed scenario in
// tasks.spec.ts, which signs in through that page and posts forms under these headers, JS on and off.
import { createUser, e2eEnv, expect, javaScriptOff, test, userButton } from './fixtures.ts';

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

test('page scripts need the per-request nonce: clerk-js loads, an injected script does not run', async ({
  page,
  login,
}) => {
  test.skip(javaScriptOff(), 'scripts run only with JavaScript on');
  await login(await createUser('csp'));
  // What a stored XSS would put in the page's HTML: an inline script and an inline event handler, without
  // the nonce. The browser reports each refusal; the listener is in place before the page's own scripts.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { __violations?: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
  });
  await page.route(/\/$/, async (route) => {
    const response = await route.fetch();
    const injected =
      '<script>window.__injectedScript = true</script>' +
      '<img src="/no-such-image.png" onerror="window.__injectedHandler = true">';
    // The body is served decoded: drop the headers that described the encoded one.
    const headers = { ...response.headers() };
    delete headers['content-encoding'];
    delete headers['content-length'];
    const body = (await response.text()).replace('</body>', `${injected}</body>`);
    await route.fulfill({ status: response.status(), headers, body });
  });
  const response = await page.goto('/');
  const policies = (await response!.headerValue('content-security-policy')) ?? '';
  expect(policies).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
  expect(policies).toContain("'strict-dynamic'");
  // clerk-js, loaded by the app's nonce'd scripts, runs: its account button replaces the plain form.
  await expect(userButton(page)).toBeVisible();

  const state = () =>
    page.evaluate(() => {
      const w = window as { __injectedScript?: boolean; __injectedHandler?: boolean; __violations?: string[] };
      return {
        ran: { script: w.__injectedScript ?? false, handler: w.__injectedHandler ?? false },
        refused: [...new Set(w.__violations ?? [])].sort(),
      };
    });
  await expect.poll(async () => (await state()).refused).toEqual(['script-src-attr', 'script-src-elem']);
  expect((await state()).ran).toEqual({ script: false, handler: false });
});
