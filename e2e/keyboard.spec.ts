// The whole day's use of the app from the keyboard alone, with JavaScript on and off: sign in on the
// hosted page, add, complete, rename, delete, filter, page through and sign out. Nothing is clicked: elements
// are found by role only to check that the keyboard's focus reached them.
import type { Locator, Page } from '@playwright/test';
import {
  createUser,
  expect,
  numberedTasks,
  seedTasks,
  taskNames,
  test,
  userButton,
  type TestUser,
} from '../tests/support/e2e-fixtures';

// A selector, not a script in the page: it works with JavaScript off too.
const isFocused = async (page: Page, target: Locator) => (await target.and(page.locator(':focus')).count()) > 0;

/** Presses Tab (Shift+Tab with `backwards`) until `target` has the focus, as a keyboard user moves. */
async function tabTo(page: Page, target: Locator, { backwards = false, limit = 60 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < limit && !(await isFocused(page, target)); presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

const row = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });
const filterLink = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: label, exact: true });

async function signInWithKeyboard(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: 'Sign in' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Email address'));
  await page.keyboard.type(user.email);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
}

/**
 * Renames from the row's Rename link: in place when the list offers it (JavaScript: the field takes the
 * focus, Escape cancels and gives the focus back to Rename), else on the edit page the link opens.
 */
async function renameWithKeyboard(page: Page, from: string, to: string): Promise<void> {
  const rename = row(page, from).getByRole('link', { name: 'Rename' });
  await tabTo(page, rename);
  await page.keyboard.press('Enter');
  const inPlace = page.getByRole('textbox', { name: `New name for “${from}”` });
  const editPage = page.getByRole('heading', { name: 'Rename task' });
  await expect(inPlace.or(editPage)).toBeVisible();

  let field: Locator;
  if (await inPlace.isVisible()) {
    await expect(inPlace).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(inPlace).toBeHidden();
    await expect(rename).toBeFocused();
    await page.keyboard.press('Enter');
    field = inPlace;
  } else {
    field = page.getByLabel('Task name');
    await tabTo(page, field);
  }
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(from);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(to);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
  await expect(row(page, to)).toBeVisible();
}

async function signOutWithKeyboard(page: Page): Promise<void> {
  if (test.info().project.use.javaScriptEnabled === false) {
    await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
    await page.keyboard.press('Enter');
  } else {
    // Clerk's UserButton: its menu opens with Enter and closes with Escape, giving the focus back.
    const trigger = userButton(page);
    const signOutItem = page
      .getByRole('menuitem', { name: 'Sign out' })
      .or(page.getByRole('button', { name: 'Sign out' }));
    await tabTo(page, trigger);
    await page.keyboard.press('Enter');
    await expect(signOutItem).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(signOutItem).toBeHidden();
    await expect(trigger).toBeFocused();
    await page.keyboard.press('Enter');
    await tabTo(page, signOutItem);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

test('sign in, add, complete, rename, delete, filter, page through and sign out with the keyboard alone', async ({
  page,
}) => {
  const user = await createUser('keyboard');
  // One more than a page (50), so there is an older page to go to.
  await seedTasks(user, numberedTasks('Earlier task', 51));
  await signInWithKeyboard(page, user);

  // Add: the name, then Enter in the field submits the form.
  await tabTo(page, page.getByLabel('New task'));
  await page.keyboard.type('Buy milk');
  await page.keyboard.press('Enter');
  await expect(row(page, 'Buy milk')).toBeVisible();
  await expect(page.getByTestId('open-count')).toHaveText('35');

  // Complete with Space on the row's Done button.
  await tabTo(page, row(page, 'Buy milk').getByRole('button', { name: 'Done' }));
  await page.keyboard.press('Space');
  await expect(row(page, 'Buy milk').getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(page.getByTestId('open-count')).toHaveText('34');

  await renameWithKeyboard(page, 'Buy milk', 'Buy oat milk');
  await expect.poll(async () => (await taskNames(page))[0]).toBe('Buy oat milk');

  // Delete with Enter on the row's Delete button.
  await tabTo(page, row(page, 'Buy oat milk').getByRole('button', { name: 'Delete' }));
  await page.keyboard.press('Enter');
  await expect(row(page, 'Buy oat milk')).toHaveCount(0);
  await expect(page.getByTestId('open-count')).toHaveText('34');

  // Filter: from the top of the page, Tab to "Open" (the counts come first) and back to "All". With
  // JavaScript the link keeps the focus through the navigation; without it, the new page starts at the top.
  await page.reload();
  await tabTo(page, filterLink(page, 'Open'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?show=open$/);
  await expect(filterLink(page, 'Open')).toHaveAttribute('aria-current', 'page');
  await expect.poll(async () => (await taskNames(page))[0]).toBe('Earlier task 50');
  await tabTo(page, filterLink(page, 'All'), { backwards: await isFocused(page, filterLink(page, 'Open')) });
  await page.keyboard.press('Enter');
  await expect(filterLink(page, 'All')).toHaveAttribute('aria-current', 'page');
  await expect.poll(async () => (await taskNames(page))[0]).toBe('Earlier task 51');

  // Page through: the pager closes the page, so Shift+Tab reaches it from the top.
  await page.reload();
  await tabTo(page, page.getByRole('link', { name: 'Older →' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect.poll(() => taskNames(page)).toEqual(['Earlier task 1']);
  await tabTo(page, page.getByRole('link', { name: '← Newer' }));
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await taskNames(page))[0]).toBe('Earlier task 51');

  await signOutWithKeyboard(page);
});
