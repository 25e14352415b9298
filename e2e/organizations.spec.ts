// Organizations' shared lists, with JavaScript on and off and in both auth modes (the `native` and
// `native-no-js` projects run the @both-modes tests): the URL chooses the list (/ or /orgs/<slug>), Clerk's
// handshake activates the organization, and RLS decides what each member sees and may delete.
// Organizations and memberships are made through the emulator's Backend API, as a server would.
import type { Page } from '@playwright/test';
import { connect } from '../tools/db/db.ts';
import { findForm, multipart, pageMessages } from '../tests/support/html-forms.ts';
import {
  addTask,
  clerk,
  createOrganization,
  createUser,
  e2eEnv,
  expect,
  javaScriptOff,
  listsNav,
  openOrgList,
  openPersonalList,
  taskNames,
  taskRow,
  test,
} from '../tests/support/e2e-fixtures.ts';

/** The id of a task as its row carries it, once the server has confirmed it (an optimistic row's is negative). */
async function taskIdOf(page: Page, name: string): Promise<string> {
  const idOf = () => taskRow(page, name).getAttribute('data-task-id');
  await expect.poll(idOf).toMatch(/^[1-9]\d*$/);
  return (await idOf())!;
}

test(
  'two members of an organization share its list; personal lists stay apart',
  { tag: '@both-modes' },
  async ({ page, login }) => {
    const ada = await createUser('ada');
    const max = await createUser('max');
    const org = await createOrganization('team', ada, [max]);

    await login(ada);
    await expect(page.locator('header').getByText('ada', { exact: true })).toBeVisible();
    await expect(listsNav(page).getByRole('link', { name: 'Personal' })).toHaveAttribute('aria-current', 'page');
    await expect(listsNav(page).getByRole('listitem').filter({ hasText: org.name })).toContainText('(admin)');
    await addTask(page, 'Ada: personal errand');

    await openOrgList(page, org);
    await expect.poll(() => taskNames(page)).toEqual([]);
    await addTask(page, 'Ada: order coffee');
    await expect(taskRow(page, 'Ada: order coffee')).toContainText('added by ada');

    await login(max);
    await expect.poll(() => taskNames(page)).toEqual([]);
    await expect(listsNav(page).getByRole('listitem').filter({ hasText: org.name })).toContainText('(member)');
    await openOrgList(page, org);
    await expect.poll(() => taskNames(page)).toEqual(['Ada: order coffee']);
    await addTask(page, 'Max: bring cups');
    await expect(taskRow(page, 'Max: bring cups')).toContainText('added by max');
    // Any member completes and renames any of the organization's tasks.
    await taskRow(page, 'Ada: order coffee').getByRole('button', { name: 'Done' }).click();
    await expect(taskRow(page, 'Ada: order coffee').getByRole('button', { name: 'Reopen' })).toBeVisible();
    // The organization's rename page (the no-JS path; with JavaScript the board also renames in place).
    const renameHref = await taskRow(page, 'Ada: order coffee')
      .getByRole('link', { name: 'Rename' })
      .getAttribute('href');
    expect(renameHref).toMatch(new RegExp(`^/orgs/${org.slug}/tasks/\\d+/edit$`));
    await page.goto(renameHref!);
    await page.getByLabel('Task name').fill('Ada: order more coffee');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${org.name} tasks` })).toBeVisible();
    await expect.poll(() => taskNames(page)).toEqual(['Max: bring cups', 'Ada: order more coffee']);
    await openPersonalList(page);
    await expect.poll(() => taskNames(page)).toEqual([]);

    await login(ada);
    await expect.poll(() => taskNames(page)).toEqual(['Ada: personal errand']);
    await openOrgList(page, org);
    await expect.poll(() => taskNames(page)).toEqual(['Max: bring cups', 'Ada: order more coffee']);
    await expect(taskRow(page, 'Ada: order more coffee').getByRole('button', { name: 'Reopen' })).toBeVisible();
    await expect(page.getByTestId('open-count')).toHaveText('1');
    await expect(page.getByTestId('done-count')).toHaveText('1');
  },
);

test(
  'only the creator or an admin deletes: no button, and a forged delete is refused',
  { tag: '@both-modes' },
  async ({ page, login }) => {
    const ada = await createUser('ada');
    const max = await createUser('max');
    const org = await createOrganization('crew', ada, [max]);

    await login(ada);
    await openOrgList(page, org);
    await addTask(page, 'Ada: keep this');
    const adaTask = await taskIdOf(page, 'Ada: keep this');

    await login(max);
    await openOrgList(page, org);
    await addTask(page, 'Max: mine');
    await expect(taskRow(page, 'Ada: keep this').getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(taskRow(page, 'Max: mine').getByRole('button', { name: 'Delete' })).toBeVisible();

    // Max's own Delete form as the server rendered it, posted by hand with Ada's task id: what a forged POST
    // sends (the same for both projects: a plain multipart server-action post with the browser's cookies).
    const ownTask = await taskIdOf(page, 'Max: mine');
    // As a page load (Clerk refreshes an expired session token only for documents).
    const html = await (
      await page.request.get(`/orgs/${org.slug}`, { headers: { Accept: 'text/html', 'Sec-Fetch-Dest': 'document' } })
    ).text();
    const form = findForm(html, { button: 'Delete', taskId: Number(ownTask) });
    const { body, contentType } = multipart([...form.hidden.filter(([name]) => name !== 'id'), ['id', adaTask]]);
    const forged = await page.request.post(`/orgs/${org.slug}`, {
      headers: { 'Content-Type': contentType, Origin: new URL(page.url()).origin },
      data: body,
    });
    expect(forged.status()).toBe(200);
    expect(pageMessages(await forged.text()).alerts.join(' ')).toContain(
      'Only the person who added this task or an admin',
    );
    await page.goto(`/orgs/${org.slug}`);
    await expect.poll(() => taskNames(page)).toEqual(['Max: mine', 'Ada: keep this']);

    // The admin deletes a member's task.
    await login(ada);
    await openOrgList(page, org);
    await taskRow(page, 'Max: mine').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => taskNames(page)).toEqual(['Ada: keep this']);
  },
);

test(
  'someone outside the organization gets the not-found page and none of its tasks',
  { tag: '@both-modes' },
  async ({ page, login }) => {
    const ada = await createUser('ada');
    const otto = await createUser('otto');
    const org = await createOrganization('guild', ada);

    await login(ada);
    await openOrgList(page, org);
    await addTask(page, 'Ada: guild secret');

    await login(otto);
    await addTask(page, 'Otto: own task');
    await expect(listsNav(page).getByRole('link')).toHaveText(['Personal']);
    const response = await page.goto(`/orgs/${org.slug}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    await expect(page.getByText('Ada: guild secret')).toHaveCount(0);
    const renamePage = await page.goto(`/orgs/${org.slug}/tasks/1/edit`);
    expect(renamePage?.status()).toBe(404);
    // The handshake did not activate the organization: back on the personal list, only Otto's own task.
    await page.goto('/');
    await expect.poll(() => taskNames(page)).toEqual(['Otto: own task']);
  },
);

test('deleting an organization deletes its tasks and leaves its members personal ones', async ({ page, login }) => {
  test.skip(javaScriptOff(), 'a webhook: HTTP-level, the js project runs it once');
  const ada = await createUser('ada');
  const max = await createUser('max');
  const org = await createOrganization('gone', ada, [max]);
  await login(ada);
  await addTask(page, 'Ada: stays');
  await openOrgList(page, org);
  await addTask(page, 'Ada: goes with the organization');

  await clerk().organizations.deleteOrganization(org.id);
  const db = connect(e2eEnv('DATABASE_URL'), { max: 1 });
  try {
    const count = async (column: 'org_id' | 'user_id', value: string) =>
      (await db<{ n: number }[]>`select count(*)::int as n from tasks where ${db(column)} = ${value}`)[0]!.n;
    await expect.poll(() => count('org_id', org.id), { timeout: 30_000 }).toBe(0);
    expect(await count('user_id', ada.id)).toBe(1);
  } finally {
    await db.end();
  }
  // Every organization event the emulator sent (membership created, organization deleted) was accepted.
  const deliveries = async () => {
    const response = await fetch(`${e2eEnv('CLERK_EMULATOR_URL')}/__emulator/webhooks`);
    const { deliveries: all } = (await response.json()) as {
      deliveries: { type: string; payload: unknown; state: string }[];
    };
    return all
      .filter((d) => JSON.stringify(d.payload).includes(org.id))
      .map((d) => `${d.type}: ${d.state}`)
      .sort();
  };
  await expect
    .poll(deliveries, { timeout: 30_000 })
    .toEqual(['organization.deleted: delivered', 'organizationMembership.created: delivered']);
});

test('a form from a tab left on another list acts in its own list, never in the one the session moved to', async ({
  page,
  login,
}) => {
  const ada = await createUser('ada');
  const org = await createOrganization('tabs', ada);
  const javaScript = test.info().project.use.javaScriptEnabled !== false;

  await login(ada);
  await openOrgList(page, org);
  // A second tab loads the personal list: the session now acts there (Clerk keeps one active list).
  const other = await page.context().newPage();
  await other.goto('/');
  await expect(other.getByRole('heading', { level: 1, name: 'Your tasks' })).toBeVisible();

  await page.getByLabel('New task').fill('Ada: meant for the team');
  await page.getByRole('button', { name: 'Add task' }).click();
  // Without JavaScript the post is a page load: Clerk's handshake makes the form's list active again first.
  // With it, clerk-js asks for this tab's tokens with its own organization. Should the session still act
  // elsewhere, the action refuses rather than write to the other list; a reload makes this list active.
  const refused = page.getByRole('alert').filter({ hasText: 'switched this browser to a different list' });
  const added = taskRow(page, 'Ada: meant for the team');
  await expect(refused.or(added)).toBeVisible();
  if (javaScript && (await refused.isVisible())) {
    await page.reload();
    await addTask(page, 'Ada: meant for the team');
  }
  await expect.poll(() => taskNames(page)).toEqual(['Ada: meant for the team']);

  await other.goto('/');
  await expect.poll(() => taskNames(other)).toEqual([]);
});
