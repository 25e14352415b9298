// E2E fixtures: fresh users in the Clerk emulator (through the real @clerk/backend client), a
// signIn that goes through the hosted sign-in page as a person would, and a guard that fails any
// test in which the page threw an uncaught error.
import { randomUUID } from 'node:crypto';
import { createClerkClient } from '@clerk/backend';
import { test as base, expect, type Page } from '@playwright/test';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/**
 * The running app's env exported by e2e/global-setup.ts (E2E_<NAME>): the `native` project's app
 * and stack have their own (E2E_NATIVE_<NAME>).
 */
export function e2eEnv(
  name:
    | 'APP_URL'
    | 'CLERK_API_URL'
    | 'CLERK_SECRET_KEY'
    | 'CLERK_EMULATOR_URL'
    | 'CLERK_WEBHOOK_SIGNING_SECRET'
    | 'DATABASE_URL',
): string {
  const key = test.info().project.name === 'native' ? `E2E_NATIVE_${name}` : `E2E_${name}`;
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: run the e2e tests through playwright (e2e/global-setup.ts sets it)`);
  return value;
}

export const clerk = () =>
  createClerkClient({ apiUrl: e2eEnv('CLERK_API_URL'), secretKey: e2eEnv('CLERK_SECRET_KEY') });

export async function createUser(label: string): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await clerk().users.createUser({ emailAddress: [email], password, firstName: label });
  return { id: user.id, email, password };
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

export async function addTask(page: Page, name: string): Promise<void> {
  await page.getByLabel('New task').fill(name);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText(name, { exact: true })).toBeVisible();
}

/** The task names on the page, top to bottom. */
export async function taskNames(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Tasks' });
  if ((await list.count()) === 0) return [];
  return (await list.locator('.task-name').allTextContents()).map((name) => name.replace(/ \(done\)$/, ''));
}

export const test = base.extend<{ pageErrors: Error[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await use(errors);
      expect(
        errors.map((error) => error.message),
        'uncaught page errors',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
