import { addTask, createUser, expect, signOut, taskNames, test, type TestUser } from './fixtures';
import type { Page } from '@playwright/test';

/** Signs in through the hosted sign-in page as a person would; every other test uses the `login` fixture. */
async function signInThroughSignInPage(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
}

// Also runs in the `native` project (CLERK_SUPABASE_AUTH=native): same isolation, other token.
test('two users each see exactly their own tasks (the seed scenario)', { tag: '@both-modes' }, async ({ page }) => {
  const alice = await createUser('alice');
  const bob = await createUser('bob');

  await signInThroughSignInPage(page, alice);
  await addTask(page, 'Alice: water the plants');
  await addTask(page, 'Alice: call the bank');
  await expect.poll(() => taskNames(page)).toEqual(['Alice: call the bank', 'Alice: water the plants']);
  await signOut(page);

  await signInThroughSignInPage(page, bob);
  // The counts are part of the list section: seeing "0 open" means the list itself has rendered.
  await expect(page.getByTestId('open-count')).toHaveText('0');
  await expect(page.getByTestId('done-count')).toHaveText('0');
  await expect.poll(() => taskNames(page)).toEqual([]);
  await addTask(page, 'Bob: fix the bike');
  await expect.poll(() => taskNames(page)).toEqual(['Bob: fix the bike']);
  await signOut(page);

  await signInThroughSignInPage(page, alice);
  await expect.poll(() => taskNames(page)).toEqual(['Alice: call the bank', 'Alice: water the plants']);
  await expect(page.getByTestId('open-count')).toHaveText('2');
});

test('a new user signs up through the hosted page and lands on an empty task list', async ({ page }) => {
  const email = `new-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
  await page.goto('/');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(/^Password/).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual([]);
  await addTask(page, 'My first task');
  await expect(page.getByTestId('open-count')).toHaveText('1');
});

test('complete, rename and delete a task', async ({ page, login }, testInfo) => {
  const user = await createUser('carol');
  await login(user);
  await addTask(page, 'Buy milk');
  await addTask(page, 'Read a book');

  const milk = page.getByRole('listitem').filter({ hasText: 'Buy milk' });
  await milk.getByRole('button', { name: 'Done' }).click();
  await expect(milk.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(page.getByTestId('done-count')).toHaveText('1');
  await expect(page.getByTestId('open-count')).toHaveText('1');

  await page.getByRole('listitem').filter({ hasText: 'Read a book' }).getByRole('link', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Rename task' })).toBeVisible();
  await page.getByLabel('Task name').fill('Read two books');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['Read two books', 'Buy milk']);

  await page.screenshot({ path: testInfo.outputPath('task-page.png'), fullPage: true });
  await testInfo.attach('task page', { path: testInfo.outputPath('task-page.png'), contentType: 'image/png' });

  await page.getByRole('listitem').filter({ hasText: 'Buy milk' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Buy milk' })).toHaveCount(0);
  await expect.poll(() => taskNames(page)).toEqual(['Read two books']);
});

test('a validation error is shown next to the field and keeps the input', async ({ page, login }) => {
  const user = await createUser('dave');
  await login(user);
  const tooLong = `too long ${'x'.repeat(500)}`;
  await page.getByLabel('New task').fill(tooLong);
  await page.getByRole('button', { name: 'Add task' }).click();

  const input = page.getByLabel('New task');
  await expect(page.locator('#new-task-name-error')).toHaveText('Task names are at most 500 characters.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAttribute('aria-describedby', 'new-task-name-error');
  await expect(input).toHaveValue(tooLong);
  await expect.poll(() => taskNames(page)).toEqual([]);

  await input.fill('   ');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.locator('#new-task-name-error')).toHaveText('Enter a task name.');
});

test('task names are shown as text, never as markup', async ({ page, login }) => {
  const user = await createUser('erin');
  await login(user);
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  await addTask(page, hostile);
  await expect(page.locator('.task-name').first()).toHaveText(hostile);
  await expect(page.locator('ul.tasks img, ul.tasks script')).toHaveCount(0);
});
