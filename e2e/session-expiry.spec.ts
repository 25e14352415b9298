// Without JavaScript nothing refreshes Clerk's one-minute session token between page loads, so a form
// posted after it expired arrives signed out. Each change must still happen, exactly once, and the
// user stay signed in; sign-out must end the session at Clerk whatever the token's age.
import type { Page } from '@playwright/test';
import { addTask, clerk, createUser, expect, taskNames, test } from '../tests/support/e2e-fixtures';

// The first session token lives 2 s; Clerk's SDK accepts 5 s of clock skew, so 8 s is past it.
const SHORT_TOKEN = { tokenLifetimeSeconds: 2 };
const letTokenExpire = (page: Page) => page.waitForTimeout(8_000);
const SAVED = 'Your session was refreshed and your change was saved.';

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-js', 'with JavaScript, clerk-js keeps the session token fresh');
});

const item = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });

test('add after the token expired: added once, still signed in', async ({ page, login }) => {
  await login(await createUser('expiry-add'), SHORT_TOKEN);
  await page.getByLabel('New task').fill('Added after the token expired');
  await letTokenExpire(page);
  await page.getByRole('button', { name: 'Add task' }).click();

  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Added after the token expired']);
  await page.reload();
  await expect.poll(() => taskNames(page)).toEqual(['Added after the token expired']);
});

test('done and reopen after the token expired', async ({ page, login }) => {
  const user = await createUser('expiry-toggle');
  await login(user);
  await addTask(page, 'Water the plants');

  await login(user, SHORT_TOKEN);
  await letTokenExpire(page);
  await item(page, 'Water the plants').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect(item(page, 'Water the plants').getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(page.getByTestId('done-count')).toHaveText('1');

  await login(user, SHORT_TOKEN);
  await letTokenExpire(page);
  await item(page, 'Water the plants').getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect(item(page, 'Water the plants').getByRole('button', { name: 'Done' })).toBeVisible();
  await expect(page.getByTestId('open-count')).toHaveText('1');
  await expect(page.getByTestId('done-count')).toHaveText('0');
});

test('rename after the token expired', async ({ page, login }) => {
  const user = await createUser('expiry-rename');
  await login(user);
  await addTask(page, 'Read a book');

  await login(user, SHORT_TOKEN);
  await item(page, 'Read a book').getByRole('link', { name: 'Rename' }).click();
  await page.getByLabel('Task name').fill('Read two books');
  await letTokenExpire(page);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Read two books']);
});

test('delete after the token expired', async ({ page, login }) => {
  const user = await createUser('expiry-delete');
  await login(user);
  await addTask(page, 'Keep me');
  await addTask(page, 'Delete me');

  await login(user, SHORT_TOKEN);
  await letTokenExpire(page);
  await item(page, 'Delete me').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Keep me']);
});

test('sign-out after the token expired ends the session at Clerk; signing in again asks for the password', async ({
  page,
  login,
}) => {
  const user = await createUser('expiry-sign-out');
  const session = await login(user, SHORT_TOKEN);
  await letTokenExpire(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  const atClerk = await clerk().sessions.getSession(session.sessionId);
  expect(atClerk.status).not.toBe('active');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
});

test('a parked change is completed once: a replayed, foreign or forged intent does nothing and says so', async ({
  page,
  login,
}) => {
  const owner = await createUser('intent-owner');
  await login(owner, SHORT_TOKEN);
  await page.getByLabel('New task').fill('Only once');
  await letTokenExpire(page);
  const parked = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Add task' }).click();
  const setCookie = (await (await parked).headerValue('set-cookie')) ?? '';
  const intent = /(?:^|\n|, )task_intent=([^;]+)/.exec(setCookie)?.[1];
  expect(intent, 'the POST parks the submission in a cookie').toBeTruthy();
  await expect.poll(() => taskNames(page)).toEqual(['Only once']);

  const appUrl = new URL(page.url()).origin;
  const withIntent = async (target: Page, value: string) => {
    await target.context().addCookies([{ name: 'task_intent', value, url: appUrl, httpOnly: true, sameSite: 'Lax' }]);
    await target.goto('/auth/continue');
  };

  // Replayed in the same browser after it was completed.
  await withIntent(page, intent!);
  await expect(page.getByRole('alert').filter({ hasText: 'already saved' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Only once']);

  // Carried into another user's browser.
  await login(await createUser('intent-stranger'));
  await withIntent(page, intent!);
  await expect(page.getByRole('alert').filter({ hasText: 'another account' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual([]);

  // Forged.
  await withIntent(page, 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged');
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual([]);
});

test('the real one-minute token: a change made 65 s after the page loaded is saved', async ({ page, login }) => {
  test.setTimeout(150_000);
  await login(await createUser('expiry-real'));
  await page.getByLabel('New task').fill('Typed before the token expired');
  await page.waitForTimeout(65_000);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('status').filter({ hasText: SAVED })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Typed before the token expired']);
});
