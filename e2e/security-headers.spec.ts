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
  const response = await page.reload();
  const policies = (await response!.headerValue('content-security-policy')) ?? '';
  expect(policies).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
  expect(policies).toContain("'strict-dynamic'");
  // clerk-js, loaded by the app's nonce'd scripts, runs: its account button replaces the plain form.
  await expect(userButton(page)).toBeVisible();

  // Resolves once the browser has reported both refusals (or, failing that, with what it reported).
  const violations = page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen = new Set<string>();
        const done = () => resolve([...seen]);
        document.addEventListener('securitypolicyviolation', (event) => {
          seen.add(event.effectiveDirective);
          if (seen.has('script-src-elem') && seen.has('script-src-attr')) done();
        });
        setTimeout(done, 10_000);
      }),
  );
  await page.evaluate(() => {
    // What an XSS would add: an inline script, and an inline event handler.
    const script = document.createElement('script');
    script.textContent = 'window.__injectedScript = true';
    document.body.append(script);
    document.body.insertAdjacentHTML(
      'beforeend',
      '<img src="/no-such-image.png" onerror="window.__injectedHandler = true">',
    );
  });
  const seen = await violations;
  const ran = await page.evaluate(() => {
    const injected = window as { __injectedScript?: boolean; __injectedHandler?: boolean };
    return { script: injected.__injectedScript ?? false, handler: injected.__injectedHandler ?? false };
  });
  expect({ ran, seen }).toEqual({
    ran: { script: false, handler: false },
    seen: expect.arrayContaining(['script-src-elem', 'script-src-attr']),
  });
});
