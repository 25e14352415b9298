// Every page and state of the app, checked with axe-core against WCAG 2.1 A and AA, in the light and the dark
// theme, with JavaScript on and off (the `js` and `no-js` projects both run this file); each state is also
// checked at 320 px wide for horizontal scrolling and small tap targets. A new page or state is one row in
// `states`. Also here: a message appearing does not move the list, and screenshots of the list.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import type { Result } from 'axe-core';
import {
  addTask,
  createOrganization,
  createUser,
  expect,
  listsNav,
  numberedTasks,
  openOrgList,
  seedTasks,
  taskRow,
  test,
  userButton,
  type LoginOptions,
  type SeedTask,
  type TestOrganization,
  type TestUser,
} from '../tests/support/e2e-fixtures';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'] as const;
const NARROWEST = { width: 320, height: 640 };

const jsEnabled = (testInfo: TestInfo) => testInfo.project.use.javaScriptEnabled !== false;

interface StateContext {
  page: Page;
  /** A new user with `tasks` in their list, signed in on the task page. */
  signIn: (tasks?: SeedTask[]) => Promise<TestUser>;
  /** Signs `user` in on the personal task page. */
  login: (user: TestUser) => Promise<unknown>;
}

interface PageState {
  name: string;
  /** The state exists only with JavaScript on (`js`) or off (`no-js`). */
  only?: 'js' | 'no-js';
  /** Brings the page into the state and waits until it shows it. */
  open: (context: StateContext) => Promise<void>;
}

const SOME_TASKS: SeedTask[] = [
  { name: 'Water the plants', done: true },
  { name: 'Call the bank about the standing order that was set up twice last month' },
  { name: 'Read a book' },
];

async function submitNewTask(page: Page, name: string): Promise<void> {
  await page.getByLabel('New task').fill(name);
  await page.getByRole('button', { name: 'Add task' }).click();
}

async function openEditPage(page: Page, taskName: string): Promise<void> {
  const href = await page
    .getByRole('listitem')
    .filter({ hasText: taskName })
    .getByRole('link', { name: 'Rename' })
    .getAttribute('href');
  await page.goto(href!);
  await expect(page.getByLabel('Task name')).toHaveValue(taskName);
}

/**
 * An organization's list as its member sees it: a task its admin added (no Delete for the member) and one
 * of the member's own, each row saying who added it. Long names, so the header wraps at 320 px.
 */
async function openSharedList({ page, login }: StateContext): Promise<TestOrganization> {
  const admin = await createUser('adelheid-wilhelmina');
  const member = await createUser('maximilian-alexander');
  const org = await createOrganization('neighbourhood-garden-club', admin, [member]);
  await login(admin);
  await openOrgList(page, org);
  await addTask(page, 'Order the compost for the raised beds before the spring delivery slots run out');
  await login(member);
  await openOrgList(page, org);
  await addTask(page, 'Bring cups');
  await expect(taskRow(page, 'Order the compost')).toContainText('added by adelheid-wilhelmina');
  await expect(taskRow(page, 'Order the compost').getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(taskRow(page, 'Bring cups')).toContainText('added by maximilian-alexander');
  await expect(taskRow(page, 'Bring cups').getByRole('button', { name: 'Delete' })).toBeVisible();
  await expect(listsNav(page).getByRole('link', { name: org.name })).toHaveAttribute('aria-current', 'page');
  await expect(listsNav(page).getByRole('listitem').filter({ hasText: org.name })).toContainText('(member)');
  return org;
}

const filterLink = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: label, exact: true });

const states: PageState[] = [
  {
    name: 'signed-out home',
    open: async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    },
  },
  {
    name: 'signed-out home with a notice',
    open: async ({ page }) => {
      await page.goto('/?notice=signed-out');
      await expect(page.getByRole('alert').filter({ hasText: 'Your session has ended' })).toBeVisible();
    },
  },
  {
    name: 'empty list',
    open: async ({ page, signIn }) => {
      await signIn();
      await expect(page.getByText('No tasks here yet.')).toBeVisible();
    },
  },
  {
    name: 'full list, first page',
    open: async ({ page, signIn }) => {
      await signIn(numberedTasks('Task', 55));
      await expect(page.getByRole('link', { name: 'Older →' })).toBeVisible();
    },
  },
  {
    name: 'full list, second page',
    open: async ({ page, signIn }) => {
      await signIn(numberedTasks('Task', 55));
      await page.getByRole('link', { name: 'Older →' }).click();
      await expect(page.getByRole('link', { name: '← Newer' })).toBeVisible();
    },
  },
  {
    name: 'validation error',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await submitNewTask(page, `too long ${'x'.repeat(500)}`);
      await expect(page.locator('#new-task-name-error')).toHaveText('Task names are at most 500 characters.');
    },
  },
  {
    name: 'task added (status message)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await submitNewTask(page, 'Buy milk');
      await expect(page.getByRole('list', { name: 'Tasks' }).getByText('Buy milk', { exact: true })).toBeVisible();
    },
  },
  {
    name: 'error notice (?notice=task-missing)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?notice=task-missing');
      await expect(page.getByRole('alert').filter({ hasText: 'That task does not exist.' })).toBeVisible();
    },
  },
  {
    name: 'info notice (?notice=saved)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?notice=saved');
      await expect(page.getByRole('status').filter({ hasText: 'your change was saved' })).toBeVisible();
    },
  },
  {
    name: 'service down notice (?notice=unavailable)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?notice=unavailable');
      await expect(page.getByRole('alert').filter({ hasText: 'The task service is unavailable' })).toBeVisible();
    },
  },
  {
    name: 'Open filter (?show=open)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?show=open');
      await expect(filterLink(page, 'Open')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('list', { name: 'Tasks' }).getByRole('listitem')).toHaveCount(2);
    },
  },
  {
    name: 'Done filter (?show=done)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?show=done');
      await expect(filterLink(page, 'Done')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('list', { name: 'Tasks' }).getByRole('listitem')).toHaveCount(1);
    },
  },
  {
    name: 'Done filter with no done tasks',
    open: async ({ page, signIn }) => {
      await signIn([{ name: 'Read a book' }]);
      await page.goto('/?show=done');
      await expect(page.getByText('No done tasks here.')).toBeVisible();
    },
  },
  {
    name: 'clear completed, confirmation (?confirm=clear-completed)',
    open: async ({ page, signIn }) => {
      await signIn([...SOME_TASKS, { name: 'Renew the passport', done: true }]);
      await page.goto('/?confirm=clear-completed');
      await expect(page.getByRole('heading', { name: 'Delete 2 completed tasks?' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Delete completed tasks' })).toBeVisible();
    },
  },
  {
    name: 'list after a row action (?notice=task-deleted)',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await page.goto('/?notice=task-deleted');
      await expect(page.getByRole('status').filter({ hasText: 'Task deleted.' })).toBeVisible();
    },
  },
  {
    name: 'rename in place, the editor open',
    only: 'js',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await settle(page, test.info());
      await page.getByRole('listitem').filter({ hasText: 'Read a book' }).getByRole('link', { name: 'Rename' }).click();
      await expect(page.getByRole('textbox', { name: 'New name for “Read a book”' })).toBeFocused();
    },
  },
  {
    name: 'edit page',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await openEditPage(page, 'Read a book');
    },
  },
  {
    name: 'edit page, validation error',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await openEditPage(page, 'Read a book');
      await page.getByLabel('Task name').fill('   ');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.locator('#rename-task-name-error')).toHaveText('Enter a task name.');
    },
  },
  {
    name: 'edit page of a task that does not exist',
    open: async ({ page, signIn }) => {
      await signIn();
      await page.goto('/tasks/999999999/edit');
      await expect(page.getByRole('alert').filter({ hasText: 'That task does not exist.' })).toBeVisible();
    },
  },
  {
    name: 'page not found',
    open: async ({ page }) => {
      const response = await page.goto('/no-such-page');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    },
  },
  {
    name: "an organization's list, tasks from two members",
    open: async (context) => {
      await openSharedList(context);
      await expect(context.page.locator('header .signed-in-as')).toHaveText('maximilian-alexander');
    },
  },
  {
    name: "an organization's rename page",
    open: async (context) => {
      const { page } = context;
      const org = await openSharedList(context);
      await openEditPage(page, 'Order the compost for the raised beds before the spring delivery slots run out');
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/orgs/${org.slug}/tasks/\\d+/edit$`));
    },
  },
  {
    name: "an organization's list, opened by someone not in it (not found)",
    open: async ({ page, login }) => {
      const admin = await createUser('a11y-admin');
      const outsider = await createUser('a11y-outsider');
      const org = await createOrganization('a11y-closed', admin);
      await login(outsider);
      const response = await page.goto(`/orgs/${org.slug}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    },
  },
  {
    // The app's last-resort error page: the server answers the edit page's Save with a bare 500, as a
    // crashed server or a broken proxy in front of it would. Without JavaScript the browser shows that
    // response itself, so the state exists only with JavaScript on.
    name: 'error page (the server fails an action)',
    only: 'js',
    open: async ({ page, signIn }) => {
      await signIn(SOME_TASKS);
      await openEditPage(page, 'Read a book');
      await page.route('**/*', (route) =>
        route.request().method() === 'POST' && route.request().headers()['next-action']
          ? route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' })
          : route.fallback(),
      );
      await page.getByLabel('Task name').fill('Read two books');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    },
  },
];

/** axe's findings as text a person can act on: rule, impact, what to fix, and where. */
function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) =>
      [
        `${violation.id} (${violation.impact}): ${violation.help}`,
        `  ${violation.helpUrl}`,
        ...violation.nodes.map(
          (node) =>
            `  at ${node.target.join(' ')}\n     ${node.html}\n     ${(node.failureSummary ?? '').replace(/\n/g, '\n     ')}`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

async function axeViolations(page: Page): Promise<string> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return describeViolations(violations);
}

/** Page-level problems at a narrow width: scrolling sideways, and controls smaller than 24 × 24 px. */
async function narrowLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px`);
    }
    for (const element of document.querySelectorAll<HTMLElement>('main a, main button, main input, header button')) {
      if (element.matches('input[type="hidden"]')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < 24 || box.height < 24) {
        const label = element.textContent?.trim() || element.getAttribute('aria-label') || element.outerHTML;
        problems.push(`tap target ${Math.round(box.width)}×${Math.round(box.height)} px: ${label.slice(0, 80)}`);
      }
    }
    return problems;
  });
}

/**
 * With JavaScript, clerk-js replaces the header's sign-out form with the UserButton once loaded: the page
 * is checked as the user ends up seeing it.
 */
async function settle(page: Page, testInfo: TestInfo): Promise<void> {
  if (!jsEnabled(testInfo)) return;
  // A task list (personal or an organization's) has the signed-in header.
  if ((await page.locator('header .account').count()) > 0) {
    await expect(userButton(page)).toBeVisible();
  }
}

/**
 * The page to run checks in. axe and the layout measurements run scripts in the page, which a browser with
 * JavaScript off does not. There, the page as the server sent it, its scripts removed (they never run), is
 * opened at the same address in a new JavaScript-enabled context, so its stylesheets load as they did.
 */
async function inspectable(page: Page, testInfo: TestInfo): Promise<Page> {
  if (jsEnabled(testInfo)) return page;
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const context = await page
    .context()
    .browser()!
    .newContext({ ...testInfo.project.use, javaScriptEnabled: true });
  await context.route(
    (address) => address.href === url,
    (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
  );
  const mirror = await context.newPage();
  await mirror.goto(url);
  return mirror;
}

function signInAs(page: Page, login: (user: TestUser, options?: LoginOptions) => Promise<unknown>) {
  return async (tasks: SeedTask[] = []) => {
    const user = await createUser('a11y');
    if (tasks.length > 0) await seedTasks(user, tasks);
    await login(user);
    return user;
  };
}

for (const state of states) {
  test(`no WCAG 2.1 AA violations, light and dark: ${state.name}`, async ({ page, login }, testInfo) => {
    const project = jsEnabled(testInfo) ? 'js' : 'no-js';
    test.skip(state.only !== undefined && state.only !== project, `this state exists only in ${state.only}`);
    await state.open({ page, signIn: signInAs(page, login), login });
    await settle(page, testInfo);
    const checked = await inspectable(page, testInfo);

    try {
      for (const colorScheme of SCHEMES) {
        await checked.emulateMedia({ colorScheme });
        expect.soft(await axeViolations(checked), `axe violations, ${colorScheme} theme`).toBe('');
      }
      await checked.setViewportSize(NARROWEST);
      expect.soft(await narrowLayoutProblems(checked), 'layout problems at 320 px').toEqual([]);
    } finally {
      if (checked !== page) await checked.context().close();
    }
  });
}

test('the axe check reports what it should (a page with known faults)', async ({ page }) => {
  const faults =
    '<!doctype html><html lang="en"><head><title>Faults</title></head><body><main><h1>Faults</h1>' +
    '<p style="color:#aaa;background:#fff">faint text</p><input type="text"></main></body></html>';
  await page.route('**/axe-known-faults', (route) => route.fulfill({ contentType: 'text/html', body: faults }));
  await page.goto('/axe-known-faults');
  const checked = await inspectable(page, test.info());
  try {
    const report = await axeViolations(checked);
    expect(report).toContain('color-contrast (serious)');
    expect(report).toContain('label (critical)');
    expect(report).toContain('faint text');
  } finally {
    if (checked !== page) await checked.context().close();
  }
});

/** Where the list's heading (the counts) is: the first thing below the add form. */
async function listTop(page: Page): Promise<number> {
  const box = await page.getByRole('heading', { name: /\bopen\b/ }).boundingBox();
  if (!box) throw new Error('the task list heading is not on the page');
  return box.y;
}

test('a message appearing under the add form does not move the list', async ({ page, login }, testInfo) => {
  const user = await createUser('a11y-shift');
  await seedTasks(user, SOME_TASKS);
  await login(user);

  for (const viewport of [{ width: 1280, height: 800 }, NARROWEST]) {
    await page.setViewportSize(viewport);
    await page.goto('/');
    // With JavaScript, Clerk's account button replaces the sign-out form once clerk-js has loaded.
    await settle(page, testInfo);
    const before = await listTop(page);

    await submitNewTask(page, '   ');
    await expect(page.locator('#new-task-name-error')).toHaveText('Enter a task name.');
    expect(await listTop(page), `after a validation error at ${viewport.width} px`).toBe(before);

    await submitNewTask(page, `too long ${'x'.repeat(500)}`);
    await expect(page.locator('#new-task-name-error')).toHaveText('Task names are at most 500 characters.');
    expect(await listTop(page), `after a longer validation error at ${viewport.width} px`).toBe(before);

    const name = `Added at ${viewport.width} px`;
    await submitNewTask(page, name);
    await expect(page.getByRole('list', { name: 'Tasks' }).getByText(name, { exact: true })).toBeVisible();
    await expect(page.locator('#new-task-name-error')).toBeEmpty();
    expect(await listTop(page), `after a task was added at ${viewport.width} px`).toBe(before);
  }
});

/**
 * Tabs through the page and, for each control that gets the focus, reads its focus ring: present, and at
 * least 3:1 against both the page and the card behind the list (WCAG 1.4.11).
 */
async function focusRings(page: Page, presses: number): Promise<{ checked: number; problems: string[] }> {
  const problems: string[] = [];
  let checked = 0;
  for (let press = 0; press < presses; press++) {
    await page.keyboard.press('Tab');
    const problem = await page.evaluate(() => {
      const channels = (color: string): number[] => {
        const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
        if (hex) return [0, 2, 4].map((at) => parseInt(hex[1]!.slice(at, at + 2), 16));
        return (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      };
      const luminance = (color: string) => {
        const [r, g, b] = channels(color).map((value) => {
          const v = value / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const contrast = (a: string, b: string) => {
        const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (light! + 0.05) / (dark! + 0.05);
      };
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body || !element.closest('main, header')) return undefined;
      const style = getComputedStyle(element);
      const name = `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
      if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return `${name}: no focus ring`;
      const tokens = getComputedStyle(document.documentElement);
      for (const background of ['--bg', '--card']) {
        const ratio = contrast(style.outlineColor, tokens.getPropertyValue(background));
        if (ratio < 3) return `${name}: focus ring ${ratio.toFixed(2)}:1 against ${background}`;
      }
      return null;
    });
    if (problem !== undefined) checked++;
    if (problem) problems.push(problem);
  }
  return { checked, problems };
}

test('keyboard focus is visible in both themes', async ({ page, login }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'reads computed styles in the page; the stylesheet is the same without JavaScript');
  const user = await createUser('a11y-focus');
  await seedTasks(user, SOME_TASKS);
  await login(user);
  await settle(page, testInfo);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await settle(page, testInfo);
    const { checked, problems } = await focusRings(page, 14);
    expect.soft(problems, `focus rings, ${colorScheme} theme`).toEqual([]);
    // At least the field, Add task and a control in each of the three rows.
    expect(checked, 'controls that took the focus').toBeGreaterThanOrEqual(5);
  }
});

test('screenshots of the list: light and dark, desktop and 375 px', async ({ page, login }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'taken once, with JavaScript on');
  const user = await createUser('a11y-screens');
  await seedTasks(user, [
    { name: 'Renew the passport', done: true },
    { name: 'Book the dentist', done: true },
    { name: 'Plan the garden: tomatoes, beans, and the herbs along the south-facing wall by the shed' },
    { name: 'Water the plants' },
    { name: 'Call the bank', done: true },
    { name: 'Read a book' },
    { name: 'Buy milk' },
  ]);
  await login(user);
  await settle(page, testInfo);

  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['375 px', { width: 375, height: 812 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const path = testInfo.outputPath(`task-list-${colorScheme}-${size.replace(' ', '')}.png`);
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      await testInfo.attach(`task list, ${colorScheme}, ${size}`, { path, contentType: 'image/png' });
    }
  }
});

test("screenshots of an organization's list: light and dark, desktop and 375 px", async ({ page, login }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'taken once, with JavaScript on');
  await openSharedList({ page, login, signIn: signInAs(page, login) });
  await settle(page, testInfo);

  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['375 px', { width: 375, height: 812 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const path = testInfo.outputPath(`org-list-${colorScheme}-${size.replace(' ', '')}.png`);
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      await testInfo.attach(`organization's list, ${colorScheme}, ${size}`, { path, contentType: 'image/png' });
    }
  }
});
