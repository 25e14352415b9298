// With JavaScript, Clerk's UserButton replaces the header's sign-out form once clerk-js has loaded; its
// sign-out goes through clerk-js and the Frontend API, and must end the session at Clerk all the same.
import { clerk, createUser, expect, signOut, test, userButton } from '../tests/support/e2e-fixtures';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'js', 'the UserButton needs clerk-js; without it the form stays (tasks.spec.ts)');
});

test('the UserButton replaces the sign-out form and signs out at Clerk', async ({ page, login }) => {
  const session = await login(await createUser('user-button'));
  await expect(userButton(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  await signOut(page);
  await expect(page).toHaveURL(/\/$/);
  expect((await clerk().sessions.getSession(session.sessionId)).status).not.toBe('active');
  // A fresh document request agrees: the app's cookies no longer sign anyone in.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(userButton(page)).toHaveCount(0);
});
