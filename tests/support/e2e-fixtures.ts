// E2E fixtures: fresh users in the Clerk emulator (tests/support/users.ts), a `login` fixture that
// signs a user in without the sign-in page (a session from the emulator, its cookies put in the
// browser), and a guard that fails any test in which the page threw an uncaught error.
import { createClerkClient } from '@clerk/backend';
import { test as base, expect, type Page } from '@playwright/test';
import { withConnection, type Sql } from '../../tools/db/db.ts';
import { ClerkEmulatorClient, type EmulatorSession } from './clerk-emulator-client.ts';
import { addMember, createTestOrganization, type TestOrganization } from './organizations.ts';
import { createTestUser, type TestUser } from './users.ts';

export type { TestOrganization, TestUser };

/**
 * The running app's env exported by e2e/global-setup.ts (E2E_<NAME>): the `native` and `native-no-js`
 * projects' app and stack have their own (E2E_NATIVE_<NAME>).
 */
export function e2eEnv(
  name:
    | 'APP_URL'
    | 'CLERK_API_URL'
    | 'CLERK_SECRET_KEY'
    | 'CLERK_EMULATOR_URL'
    | 'CLERK_PROXY_URL'
    | 'CLERK_WEBHOOK_SIGNING_SECRET'
    | 'DATABASE_URL',
): string {
  const key = test.info().project.name.startsWith('native') ? `E2E_NATIVE_${name}` : `E2E_${name}`;
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: run the e2e tests through playwright (e2e/global-setup.ts sets it)`);
  return value;
}

export const clerk = () =>
  createClerkClient({ apiUrl: e2eEnv('CLERK_API_URL'), secretKey: e2eEnv('CLERK_SECRET_KEY') });

export const createUser = (label: string): Promise<TestUser> => createTestUser(clerk(), label);

/** A new organization whose admin is `admin`, with `members` added as `org:member`. */
export async function createOrganization(
  label: string,
  admin: TestUser,
  members: TestUser[] = [],
): Promise<TestOrganization> {
  const organization = await createTestOrganization(clerk(), label, admin.id);
  for (const member of members) await addMember(clerk(), organization.id, member.id);
  return organization;
}

/** The UserButton that replaces the sign-out form once clerk-js has loaded (JavaScript on). */
export const userButton = (page: Page) => page.locator('.cl-userButtonTrigger');

/** Whether the test runs with JavaScript off (the `no-js` and `native-no-js` projects). */
export const javaScriptOff = () => test.info().project.use.javaScriptEnabled === false;

/** Signs out as a person would: the plain form without JavaScript, the UserButton's menu with it. */
export async function signOut(page: Page): Promise<void> {
  if (javaScriptOff()) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  } else {
    await userButton(page).click();
    await page
      .getByRole('menuitem', { name: 'Sign out' })
      .or(page.getByRole('button', { name: 'Sign out' }))
      .click();
  }
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

export async function addTask(page: Page, name: string): Promise<void> {
  await page.getByLabel('New task').fill(name);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText(name, { exact: true })).toBeVisible();
}

/** The header's navigation between the personal list and each organization's. */
export const listsNav = (page: Page) => page.getByRole('navigation', { name: 'Lists' });

/** A row of the task list, by (part of) its task's name. */
export const taskRow = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').filter({ hasText: name });

/** Switches lists the way a person does: the header's link (a plain link, so also without JavaScript). */
export async function openList(page: Page, linkName: string, heading: string): Promise<void> {
  await listsNav(page).getByRole('link', { name: linkName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(listsNav(page).getByRole('link', { name: linkName, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}

export const openOrgList = (page: Page, org: TestOrganization) => openList(page, org.name, `${org.name} tasks`);
export const openPersonalList = (page: Page) => openList(page, 'Personal', 'Your tasks');

/** The task names on the page, top to bottom. */
export async function taskNames(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Tasks' });
  if ((await list.count()) === 0) return [];
  return (await list.locator('.task-name').allTextContents()).map((name) => name.replace(/ \(done\)$/, ''));
}

export interface SeedTask {
  name: string;
  done?: boolean;
}

/**
 * Puts `tasks` straight into `user`'s personal list, or an organization's (`orgId`), in the stack's
 * database: for pages that need more rows than typing them would be worth. The last one is the newest.
 */
export async function seedTasks(user: TestUser, tasks: SeedTask[], orgId: string | null = null): Promise<void> {
  const rows = tasks.map((task, index) => ({
    name: task.name,
    done: task.done ?? false,
    user_id: user.id,
    org_id: orgId,
    created_at: new Date(Date.now() - (tasks.length - index) * 1000).toISOString(),
  }));
  await withStackDatabase(
    (sql) => sql`insert into tasks ${sql(rows, 'name', 'done', 'user_id', 'org_id', 'created_at')}`,
  );
}

/** Runs `run` on a short-lived connection to the stack's database (as superuser). */
export const withStackDatabase = <T>(run: (sql: Sql) => Promise<T>): Promise<T> =>
  withConnection(e2eEnv('DATABASE_URL'), run);

/** `count` tasks named "<prefix> 1" (oldest) to "<prefix> <count>" (newest), every third one done. */
export const numberedTasks = (prefix: string, count: number): SeedTask[] =>
  Array.from({ length: count }, (_, index) => ({ name: `${prefix} ${index + 1}`, done: index % 3 === 2 }));

export interface LoginOptions {
  /** Lifetime of the first session token, for tests that let it expire (refreshed ones last 60 s). */
  tokenLifetimeSeconds?: number;
}

export const test = base.extend<{
  pageErrors: Error[];
  login: (user: TestUser, options?: LoginOptions) => Promise<EmulatorSession>;
}>({
  /**
   * Signs `user` in as a fresh browser (other tabs closed, the context's cookies cleared from a blank
   * page) and opens the task page: the cookies the app and clerk-js would hold after the sign-in page,
   * minted by the emulator.
   */
  login: [
    async ({ page }, use) => {
      await use(async (user, options = {}) => {
        const emulator = new ClerkEmulatorClient({
          CLERK_API_URL: e2eEnv('CLERK_API_URL'),
          CLERK_SECRET_KEY: e2eEnv('CLERK_SECRET_KEY'),
          CLERK_EMULATOR_URL: e2eEnv('CLERK_EMULATOR_URL'),
        });
        const appUrl = e2eEnv('APP_URL');
        const session = await emulator.signIn(user.id, appUrl, options.tokenLifetimeSeconds);
        const context = page.context();
        // No page of the previous user may still run clerk-js: it would write its own __session back
        // after the cookies below. Close other tabs and leave this one for a page without scripts.
        for (const other of context.pages()) if (other !== page) await other.close();
        await page.goto('about:blank');
        await context.clearCookies();
        await context.addCookies([
          { name: '__session', value: session.sessionToken, url: appUrl, sameSite: 'Lax' },
          { name: '__client_uat', value: session.clientUat, url: appUrl, sameSite: 'Lax' },
          // clerk-js and the handshake find the session through the emulator's client cookie.
          { ...session.clientCookie, url: e2eEnv('CLERK_PROXY_URL'), httpOnly: true, sameSite: 'Lax' },
        ]);
        await page.goto('/');
        await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
        return session;
      });
    },
    { auto: false },
  ],
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
