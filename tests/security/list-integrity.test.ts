// Cross-list reads and writes: a user with a personal list and an organization's list, whose browser
// session acts in one list while a page or form names the other. Each layer is tried: SQL and PostgREST
// with a token of one list (RLS keeps the other list's rows out), and the app with the session held in
// the other list by Clerk's handshake loop guard, or moved on Clerk's side by another tab (template tokens
// follow it). The report counts every cross-list read (a row of the other list shown or returned) and
// write (a row of the other list added, changed or removed).
import { randomUUID } from 'node:crypto';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../support/as-role.ts';
import { findForm, type Field, type HtmlForm } from '../support/html-forms.ts';
import { createTestOrganization, type TestOrganization } from '../support/organizations.ts';
import { supabaseClient } from '../support/supabase.ts';
import {
  AppHttp,
  createUser,
  getThroughHandshake,
  sessionCookie,
  signIn,
  type SignedInUser,
} from '../support/app-http.ts';
import { checkCase, type Judgement } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { seedOrgTask, seedTask, superuser, type Sql, type TableDiff, type TaskRow } from '../support/tasks-table.ts';

const ctx = securityContext();
let sql: Sql;
let org: TestOrganization;
let userId = '';

/** Clerk's redirect-loop counter at its limit: the next handshake for an organization switch is skipped. */
const withGuard = (cookie: string) =>
  [
    ...cookie.split('; ').filter((pair) => !pair.startsWith('__clerk_redirect_count=')),
    '__clerk_redirect_count=3',
  ].join('; ');

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  const clerk = createClerkClient({ apiUrl: ctx.clerkApiUrl, secretKey: ctx.clerkSecretKey });
  userId = await createUser(ctx, 'lists');
  org = await createTestOrganization(clerk, 'lists', userId);
});

afterAll(async () => {
  await sql?.end();
});

type List = 'personal' | 'org';
const other = (list: List): List => (list === 'personal' ? 'org' : 'personal');
const pathOf = (list: List) => (list === 'personal' ? '/' : `/orgs/${org.slug}`);
const inList = (row: TaskRow, list: List) => (list === 'personal' ? row.org_id === null : row.org_id === org.id);

/** A done and an open task in each list, with fresh names. */
async function seedBoth(): Promise<Record<List, TaskRow[]>> {
  const name = (list: List, what: string) => `${list} ${what} ${randomUUID().slice(0, 8)}`;
  const rows: Record<List, TaskRow[]> = { personal: [], org: [] };
  for (const list of ['personal', 'org'] as const) {
    for (const what of ['open', 'done']) {
      const row =
        list === 'personal'
          ? await seedTask(sql, userId, name(list, what))
          : await seedOrgTask(sql, userId, org.id, name(list, what));
      if (what === 'done') await sql`update tasks set done = true where id = ${row.id}`;
      rows[list].push({ ...row, done: what === 'done' });
    }
  }
  return rows;
}

/** Rows of `list` that a change touched. */
function writesTo(list: List, diff: TableDiff): string[] {
  return [
    ...diff.added.filter((row) => inList(row, list)).map((row) => `row #${row.id} written into the ${list} list`),
    ...diff.removed.filter((row) => inList(row, list)).map((row) => `row #${row.id} of the ${list} list deleted`),
    ...diff.changed
      .filter(({ before }) => inList(before, list))
      .map(({ after }) => `row #${after.id} of the ${list} list changed`),
  ];
}

/** Names of `rows` that appear in `text`. */
const shown = (text: string, rows: TaskRow[]) => rows.filter((row) => text.includes(row.name)).map((row) => row.name);

// ---------------------------------------------------------------- SQL and PostgREST: a token of one list
const claimsOf = (list: List) => ({
  sub: userId,
  role: 'authenticated',
  aud: 'authenticated',
  ...(list === 'org' ? { org_id: org.id, org_role: 'org:admin' } : {}),
});

describe('cross-list reads and writes below the app (a token acts for one list)', () => {
  it.each(['personal', 'org'] as const)('SQL: a %s-list token reads and clears only its own list', async (list) => {
    const rows = await seedBoth();
    const result = await checkCase(sql, ctx.casesFile, {
      meta: {
        suite: 'list-integrity',
        crossList: 'read+write',
        layer: 'SQL',
        identity: `${list}-list claims`,
        operation: 'select all tasks, then delete the done ones',
        expected: `only the ${list} list's rows returned and deleted (RLS)`,
      },
      act: () =>
        asRole(sql, 'authenticated', claimsOf(list), async (tx) => {
          const seen = await tx<{ name: string }[]>`select name from tasks`;
          await tx`delete from tasks where done`;
          return seen.map((row) => row.name);
        }),
      judge: (seen, diff) => crossListJudgement(list, seen.join('\n'), rows, diff),
    });
    expect(result.verdict, result.detail).toBe('pass');
  });

  it.each(['personal', 'org'] as const)(
    'PostgREST: a %s-list token reads and clears only its own list',
    async (list) => {
      const rows = await seedBoth();
      const token = await templateTokenFor(list);
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'list-integrity',
          crossList: 'read+write',
          layer: 'REST',
          identity: `${list}-list template token`,
          operation: 'select tasks, then delete the done ones (supabase-js)',
          expected: `only the ${list} list's rows returned and deleted (RLS)`,
        },
        act: async () => {
          const client = supabaseClient(ctx.supabaseUrl, ctx.anonKey, token);
          const { data, error } = await client.from('tasks').select('name');
          if (error) throw new Error(error.message);
          const removed = await client.from('tasks').delete().eq('done', true).select('id');
          if (removed.error) throw new Error(removed.error.message);
          return data.map((row) => row.name as string);
        },
        judge: (seen, diff) => crossListJudgement(list, seen.join('\n'), rows, diff),
      });
      expect(result.verdict, result.detail).toBe('pass');
    },
  );
});

/** A template token as Clerk mints it for the session, after a page load of `list` made it the active one. */
async function templateTokenFor(list: List): Promise<string> {
  const session = await signIn(ctx, userId);
  if (list === 'org') await getThroughHandshake(ctx.appUrl, session, pathOf('org'));
  const clerk = createClerkClient({ apiUrl: ctx.clerkApiUrl, secretKey: ctx.clerkSecretKey });
  return (await clerk.sessions.getToken(session.sessionId, 'supabase')).jwt;
}

/** Own-list results are fine; any row of the other list seen or touched is a cross-list read or write. */
function crossListJudgement(list: List, seen: string, rows: Record<List, TaskRow[]>, diff: TableDiff): Judgement {
  const reads = shown(seen, rows[other(list)]).map((name) => `read "${name}" of the ${other(list)} list`);
  const writes = writesTo(other(list), diff);
  return {
    got: `${shown(seen, rows[list]).length} own rows seen, ${reads.length} of the other list`,
    problems: [],
    leaks: [...reads, ...writes],
    crossList: { reads: reads.length, writes: writes.length },
  };
}

// ---------------------------------------------------------------- the app: session in one list, request in the other
interface Browser {
  session: SignedInUser;
  /** The browser's cookies for the app. */
  cookie: string;
}

/** A browser whose last page load made `list` the active one. */
async function browserIn(list: List): Promise<Browser> {
  const session = await signIn(ctx, userId);
  const { response, cookie } = await getThroughHandshake(ctx.appUrl, session, pathOf(list));
  if (response.status !== 200) throw new Error(`could not open the ${list} list: ${response.status}`);
  return { session, cookie };
}

/**
 * A browser that acts in the other list than `list`'s page or form: held there by Clerk's loop guard
 * (`guard`); or (`clerk`) whose cookie names `list` while another tab's clerk-js made the other list
 * active on Clerk's side, in a session the app has not cached a token for, so the template token it
 * fetches acts in the other list.
 */
async function browserAway(list: List, how: keyof typeof HOW): Promise<Browser> {
  if (how === 'guard') {
    const browser = await browserIn(other(list));
    return { ...browser, cookie: withGuard(browser.cookie) };
  }
  const session = await signIn(ctx, userId);
  const clientCookie = `${session.clientCookie.name}=${session.clientCookie.value}`;
  const fapi = (path: string, body: Record<string, string>) =>
    fetch(`${ctx.clerkEmulatorUrl}/v1/client/sessions/${session.sessionId}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: clientCookie },
      body: new URLSearchParams(body),
    });
  // This tab's clerk-js gets its token for its own list, without changing the active one...
  const minted = await fapi('tokens', { organization_id: list === 'org' ? org.id : '' });
  if (!minted.ok) throw new Error(`token answered ${minted.status}`);
  const { jwt } = (await minted.json()) as { jwt: string };
  // ...and another tab's setActive() makes the other list the active one.
  const touched = await fapi('touch', { active_organization_id: list === 'org' ? '' : org.id });
  if (!touched.ok) throw new Error(`touch answered ${touched.status}`);
  return { session, cookie: sessionCookie(jwt, session.clientUat) };
}

/** The forms of `list`'s page as rendered for a browser acting there (with the clear-completed confirmation). */
async function formsOf(list: List): Promise<{ create: HtmlForm; toggle: HtmlForm; clear: HtmlForm }> {
  const rows = await seedBoth();
  const browser = await browserIn(list);
  const page = await new AppHttp(ctx.appUrl, browser.cookie).get(`${pathOf(list)}?confirm=clear-completed`);
  const open = rows[list][0]!;
  return {
    create: findForm(page.html, { label: 'Add a task' }),
    toggle: findForm(page.html, { button: 'Done', taskId: open.id }),
    clear: findForm(page.html, { button: 'Delete completed tasks' }),
  };
}

/** The form's own fields as the page rendered them (its list among them), plus `extra`. */
const fieldsOf = (form: HtmlForm, extra: Field[] = []): Field[] => [...form.hidden, ...extra];

const HOW = {
  guard: "Clerk's loop guard skipped the switch (the session acts in the other list)",
  clerk: 'another tab moved the active organization on Clerk’s side (the template token acts in the other list)',
} as const;

describe('cross-list reads and writes through the app', () => {
  for (const list of ['personal', 'org'] as const) {
    for (const how of ['guard', 'clerk'] as const) {
      it(`a page of the ${list} list, ${how}: no row of the other list, nor of its own`, async () => {
        const rows = await seedBoth();
        const { cookie } = await browserAway(list, how);
        const result = await checkCase(sql, ctx.casesFile, {
          meta: {
            suite: 'list-integrity',
            crossList: 'read',
            layer: 'App',
            identity: `browser acting in the ${other(list)} list`,
            operation: `GET ${list === 'org' ? '/orgs/<slug>' : '/'}: ${HOW[how]}`,
            expected: '200, no rows at all, a message and a way back to this list',
          },
          act: () => new AppHttp(ctx.appUrl, cookie).get(pathOf(list)),
          judge: (response) => {
            const reads = shown(response.html, rows[other(list)]).map((name) => `showed "${name}" of the other list`);
            const problems = [
              ...(response.status === 200 ? [] : [`status ${response.status}`]),
              ...(/still working in another list/.test(response.html) ? [] : ['no message that the list is switching']),
              ...(response.tasks.length === 0 ? [] : [`${response.tasks.length} rows shown`]),
            ];
            return {
              got: `${response.status}, ${response.tasks.length} rows`,
              problems,
              leaks: reads,
              crossList: { reads: reads.length, writes: 0 },
            };
          },
        });
        expect(result.verdict, result.detail).toBe('pass');
      });

      for (const action of ['create', 'toggle', 'clear'] as const) {
        it(`${action} posted from the ${list} list, ${how}: nothing written anywhere`, async () => {
          const forms = await formsOf(list);
          const browser = await browserAway(list, how);
          const form = forms[action];
          const name = `typed in the ${list} list ${randomUUID().slice(0, 8)}`;
          const result = await checkCase(sql, ctx.casesFile, {
            meta: {
              suite: 'list-integrity',
              crossList: 'write',
              layer: 'App',
              identity: `browser acting in the ${other(list)} list`,
              operation: `${action} posted from the ${list} list (no JS): ${HOW[how]}`,
              expected: `303 back to the ${list} list with the list-switched notice; nothing written`,
            },
            act: () =>
              new AppHttp(ctx.appUrl, browser.cookie).post(
                pathOf(list),
                fieldsOf(form, action === 'create' ? [['name', name]] : []),
              ),
            judge: (response, diff) => {
              const leaks = writesTo(other(list), diff);
              const problems = [
                ...writesTo(list, diff).map((write) => `${write} with the other list's token`),
                ...(response.status === 303 && response.location?.includes('notice=list-switched')
                  ? []
                  : [`answered ${response.status} → ${response.location}`]),
              ];
              return {
                got: `${response.status} → ${response.location ?? '-'}`,
                problems,
                leaks,
                crossList: { reads: 0, writes: leaks.length },
              };
            },
          });
          expect(result.verdict, result.detail).toBe('pass');
        });
      }
    }
  }
});
