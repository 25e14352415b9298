import { connect } from '../tools/db/db.ts';
import {
  addTask,
  createUser,
  e2eEnv,
  expect,
  signOut,
  taskNames,
  test,
  type TestUser,
} from '../tests/support/e2e-fixtures';
import type { Page } from '@playwright/test';

const jsOn = () => test.info().project.use.javaScriptEnabled !== false;
const item = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').filter({ hasText: name });

/** Renames as a person would: in place with JavaScript (Enter saves), on the rename page without it. */
async function renameTask(page: Page, from: string, to: string): Promise<void> {
  await item(page, from).getByRole('link', { name: 'Rename' }).click();
  if (jsOn()) {
    const input = page.getByRole('textbox', { name: `New name for “${from}”` });
    await expect(input).toBeFocused();
    await input.fill(to);
    await input.press('Enter');
  } else {
    await expect(page.getByRole('heading', { name: 'Rename task' })).toBeVisible();
    await page.getByLabel('Task name').fill(to);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
  }
  await expect(item(page, to)).toBeVisible();
}

/** `count` tasks for `userId`, straight into the table, "task 00" the oldest, a second apart. */
async function seedTasks(userId: string, count: number, done: (i: number) => boolean = () => false): Promise<void> {
  const db = connect(e2eEnv('DATABASE_URL'), { max: 1 });
  try {
    for (let i = 0; i < count; i++) {
      await db`insert into tasks (name, user_id, done, created_at)
               values (${`task ${String(i).padStart(2, '0')}`}, ${userId}, ${done(i)}, now() - make_interval(secs => ${count - i}))`;
    }
  } finally {
    await db.end();
  }
}

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

  await renameTask(page, 'Read a book', 'Read two books');
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

test.describe('with JavaScript: changes show at once', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.use.javaScriptEnabled === false, 'optimistic updates need the script');
  });

  test('add, complete, rename and delete in place, focus following each, without a page load', async ({
    page,
    login,
  }) => {
    await login(await createUser('optimist'));
    // A full page load would drop this marker.
    await page.evaluate(() => Object.assign(window, { __samePage: true }));

    await addTask(page, 'Alpha');
    await expect(item(page, 'Alpha').getByRole('button', { name: 'Done' })).toBeFocused();
    await addTask(page, 'Beta');
    await expect(item(page, 'Beta').getByRole('button', { name: 'Done' })).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Added “Beta”.' })).toBeVisible();

    await item(page, 'Beta').getByRole('button', { name: 'Done' }).click();
    await expect(item(page, 'Beta').getByRole('button', { name: 'Reopen' })).toBeFocused();
    await expect(page.getByTestId('done-count')).toHaveText('1');

    await renameTask(page, 'Alpha', 'Alpha two');
    await expect(item(page, 'Alpha two').getByRole('link', { name: 'Rename' })).toBeFocused();

    // Escape cancels: nothing changes and focus returns to the Rename control.
    await item(page, 'Beta').getByRole('link', { name: 'Rename' }).click();
    const input = page.getByRole('textbox', { name: 'New name for “Beta”' });
    await input.fill('Never saved');
    await input.press('Escape');
    await expect(input).toHaveCount(0);
    await expect(item(page, 'Beta').getByRole('link', { name: 'Rename' })).toBeFocused();

    // Delete the first row: focus moves to the next one; the last one: to the list heading.
    await item(page, 'Beta').getByRole('button', { name: 'Delete' }).click();
    await expect(item(page, 'Alpha two').getByRole('button', { name: 'Done' })).toBeFocused();
    await item(page, 'Alpha two').getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator('#task-list-heading')).toBeFocused();
    await expect.poll(() => taskNames(page)).toEqual([]);

    expect(await page.evaluate(() => (window as { __samePage?: boolean }).__samePage)).toBe(true);
    await page.reload();
    await expect.poll(() => taskNames(page)).toEqual([]);
  });

  test('a change the server refuses is rolled back with a message', async ({ page, login, context }) => {
    await login(await createUser('refused'));
    await addTask(page, 'Kept here');
    await addTask(page, 'Deleted elsewhere');

    // Another tab deletes a task this page still shows.
    const other = await context.newPage();
    await other.goto('/');
    await item(other, 'Deleted elsewhere').getByRole('button', { name: 'Delete' }).click();
    await expect(item(other, 'Deleted elsewhere')).toHaveCount(0);
    await other.close();

    await item(page, 'Deleted elsewhere').getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That task does not exist' })).toBeVisible();
    await expect(item(page, 'Deleted elsewhere').getByRole('button', { name: 'Done' })).toBeVisible();

    await item(page, 'Deleted elsewhere').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '“Deleted elsewhere” was not deleted' })).toBeVisible();
    await expect(item(page, 'Deleted elsewhere')).toBeVisible();

    // A name the server refuses (the page sets no length limit of its own).
    const tooLong = `long ${'x'.repeat(500)}`;
    await item(page, 'Kept here').getByRole('link', { name: 'Rename' }).click();
    const input = page.getByRole('textbox', { name: 'New name for “Kept here”' });
    await input.fill(tooLong);
    await input.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'at most 500 characters' })).toBeVisible();
    // The editor comes back with what was typed, and the name is unchanged.
    await expect(input).toHaveValue(tooLong);
    await input.press('Escape');
    await expect(item(page, 'Kept here')).toBeVisible();

    await page.getByLabel('New task').fill(tooLong);
    await page.getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'was not added' })).toBeVisible();
    await expect(page.locator('#new-task-name-error')).toHaveText('Task names are at most 500 characters.');
    await expect(page.getByLabel('New task')).toHaveValue(tooLong);

    await page.reload();
    await expect.poll(() => taskNames(page)).toEqual(['Kept here']);
  });
});

test('filters: links with counts, kept through pagination and after changes', async ({ page, login }) => {
  const user = await createUser('filters');
  // 60 tasks: the even ones done (30 open, 30 done); the newest is "task 59" (open).
  await seedTasks(user.id, 60, (i) => i % 2 === 0);
  await login(user);
  await expect(page.getByTestId('open-count')).toHaveText('30');

  await page.getByRole('link', { name: /30 open/ }).click();
  await expect(page).toHaveURL(/\?show=open$/);
  await expect(page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Open' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect.poll(async () => (await taskNames(page)).length).toBe(30);

  await page.getByRole('link', { name: 'Done', exact: true }).click();
  await expect(page).toHaveURL(/\?show=done$/);
  await expect.poll(() => taskNames(page).then((names) => names[0])).toBe('task 58');

  // All 60 do not fit one page.
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await expect.poll(async () => (await taskNames(page)).length).toBe(50);

  // Completing a task on the open list: it leaves the list, and the list stays filtered.
  await page.getByRole('link', { name: 'Open', exact: true }).click();
  await item(page, 'task 59').getByRole('button', { name: 'Done' }).click();
  await expect(item(page, 'task 59')).toHaveCount(0);
  await expect(page).toHaveURL(/show=open/);
  await expect(page.getByTestId('open-count')).toHaveText('29');
  await expect(page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Open' })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('pagination keeps the filter; a change on page two returns to page two', async ({ page, login }) => {
  const user = await createUser('pager');
  // 120 tasks, all open: the open filter has three pages.
  await seedTasks(user.id, 120);
  await login(user);
  await page.goto('/?show=open');
  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/show=open&older=/);
  await expect.poll(() => taskNames(page).then((names) => names[0])).toBe('task 69');
  const pageTwo = page.url();

  await item(page, 'task 69').getByRole('button', { name: 'Done' }).click();
  await expect(item(page, 'task 69')).toHaveCount(0);
  await expect(page).toHaveURL(/show=open&older=/);
  expect(new URL(page.url()).searchParams.get('older')).toBe(new URL(pageTwo).searchParams.get('older'));

  await page.getByRole('link', { name: '← Newer' }).click();
  await expect(page).toHaveURL(/show=open&newer=/);
  await expect.poll(() => taskNames(page).then((names) => names[0])).toBe('task 119');
});

test('clear completed: says how many, confirms, deletes only the done tasks', async ({ page, login }) => {
  const user = await createUser('clearer');
  await seedTasks(user.id, 5, (i) => i < 3);
  await login(user);
  await page.goto('/?show=open');

  await page.getByRole('link', { name: 'Clear completed (3)' }).click();
  await expect(page.getByRole('heading', { name: 'Delete 3 completed tasks?' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete completed tasks' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Deleted 3 completed tasks.' })).toBeVisible();
  await expect(page).toHaveURL(/show=open/);
  await expect(page.getByTestId('done-count')).toHaveText('0');
  await expect.poll(() => taskNames(page)).toEqual(['task 04', 'task 03']);
  await expect(page.getByRole('link', { name: /Clear completed/ })).toHaveCount(0);
});

test('row changes without JavaScript return to the same list with a notice', async ({ page, login }) => {
  test.skip(jsOn(), 'the no-script path');
  const user = await createUser('plain-rows');
  await seedTasks(user.id, 3);
  await login(user);
  await page.goto('/?show=open');
  await item(page, 'task 02').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marked done.' })).toBeVisible();
  await expect(page).toHaveURL(/\/\?show=open&notice=task-done$/);
  await expect.poll(() => taskNames(page)).toEqual(['task 01', 'task 00']);

  await renameTask(page, 'task 01', 'renamed on its page');
  await expect(page).toHaveURL(/\/\?show=open&notice=task-renamed$/);

  await item(page, 'task 00').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Task deleted.' })).toBeVisible();
  await expect.poll(() => taskNames(page)).toEqual(['renamed on its page']);
});
