// Hostile input to every task action, posted by a signed-in user (A) as a browser without JavaScript.
// Expected for each: a clear error or the correct no-op/write, never a 5xx, never a row of anyone
// else touched, never a wrong row written (checked as superuser before and after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForm, type Field } from '../support/html-forms.ts';
import {
  AppHttp,
  createUser,
  scrapeActionForms,
  signIn,
  type ActionForms,
  type AppResponse,
} from '../support/app-http.ts';
import { checkCase, type Judgement } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { seedTask, superuser, type Sql, type TableDiff, type TaskRow } from '../support/tasks-table.ts';
import { actionFields, type HtmlForm } from '../support/html-forms.ts';

const ctx = securityContext();
let sql: Sql;
let a: AppHttp;
let aId: string;
let bId: string;
let forms: ActionForms;
let ownTask: TaskRow;
let othersTask: TaskRow;

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  aId = await createUser(ctx, 'hostile-a');
  bId = await createUser(ctx, 'hostile-b');
  a = new AppHttp(ctx.appUrl, (await signIn(ctx, aId)).cookie);
  ownTask = await seedTask(sql, aId, 'own task');
  othersTask = await seedTask(sql, bId, 'B private task');
  // Done tasks of both users: clearing completed tasks must remove A's only.
  for (const [owner, name] of [
    [aId, 'A done task'],
    [bId, 'B done task'],
  ] as const) {
    await sql`update tasks set done = true where id = ${(await seedTask(sql, owner, name)).id}`;
  }
  forms = await scrapeActionForms(a, ownTask.id);
});

afterAll(async () => {
  await sql?.end();
});

/** What the table may do in a case: nothing, gain exactly one row of A's, or change A's own task. */
type Change = 'none' | 'one-row-added' | 'own-task-changed' | 'none-or-one-row-added' | 'own-done-removed';

interface HostileCase {
  action: 'createTask' | 'renameTask' | 'toggleTask' | 'deleteTask' | 'clearCompleted' | 'any';
  input: string;
  send: () => Promise<AppResponse>;
  expected: string;
  change: Change;
  /** Extra checks on the response (and the added row); each returns a problem or undefined. */
  check?: (res: AppResponse, added: TaskRow | undefined) => string | undefined;
}

const create = (fields: Field[]) => () => a.submit('/', forms.create, fields);
const rename = (id: string, fields: Field[]) => () =>
  a.submit(`/tasks/${ownTask.id}/edit`, forms.rename, [['id', id], ...fields]);
const toggle = (fields: Field[]) => () => a.submit('/', forms.toggle, fields);
const remove = (fields: Field[]) => () => a.submit('/', forms.remove, fields);

const fieldError = (text: string) => (res: AppResponse) =>
  res.messages.fieldErrors.some((e) => e.includes(text))
    ? undefined
    : `no field error "${text}" (got ${JSON.stringify(res.messages)})`;
const alert = (text: string) => (res: AppResponse) =>
  res.messages.alerts.some((e) => e.includes(text))
    ? undefined
    : `no alert "${text}" (got ${JSON.stringify(res.messages)})`;
const added = (name: string) => (res: AppResponse, row: TaskRow | undefined) =>
  row?.name !== name
    ? `row should be named ${JSON.stringify(name.slice(0, 40))}, is ${JSON.stringify(row?.name.slice(0, 40))}`
    : res.messages.status?.startsWith('Added')
      ? undefined
      : `no "Added" status (got ${JSON.stringify(res.messages)})`;
const escapedInPage = (raw: string, escaped: string) => (res: AppResponse, row: TaskRow | undefined) =>
  added(raw)(res, row) ??
  (res.html.includes(raw)
    ? 'the raw markup appears in the HTML'
    : res.html.includes(escaped)
      ? undefined
      : 'the escaped text is not in the page');

const NOT_FOUND = 'That task does not exist';
/**
 * The list's row forms (Done, Delete, Clear completed) return to the list they were on, with a notice
 * from a fixed table saying what happened (shown by the last test below); never anywhere else.
 */
const redirectsTo = (location: string) => (res: AppResponse) =>
  res.status === 303 && res.location === location
    ? undefined
    : `expected 303 → ${location}, got ${res.status} ${res.location}`;
const missingRedirect = redirectsTo('/?notice=task-missing');
/** Flips A's own task, whatever state earlier cases left it in. */
const ownToggle = (back: string) => async () => {
  const [row] = await sql<{ done: boolean }[]>`select done from tasks where id = ${ownTask.id}`;
  return toggle([
    ['id', String(ownTask.id)],
    ['done', String(!row!.done)],
    ['back', back],
  ])();
};
/** Back on `list` with the Marked done / Marked open notice. */
const backOnList = (list: string) => (res: AppResponse) =>
  res.status === 303 &&
  [
    `${list}${list.includes('?') ? '&' : '?'}notice=task-done`,
    `${list}${list.includes('?') ? '&' : '?'}notice=task-reopened`,
  ].includes(res.location ?? '')
    ? undefined
    : `expected 303 → ${list} with a notice, got ${res.status} ${res.location}`;

function withField(form: HtmlForm, name: string, value: string): [string, string][] {
  return actionFields(form).map(([n, v]) => [n, n === name ? value : v]);
}

const cases: HostileCase[] = [
  {
    action: 'createTask',
    input: 'empty name',
    send: create([['name', '']]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('Enter a task name.'),
  },
  {
    action: 'createTask',
    input: 'whitespace-only name',
    send: create([['name', ' \t\n\u00a0 ']]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('Enter a task name.'),
  },
  {
    action: 'createTask',
    input: 'exactly 500 characters',
    send: create([['name', 'x'.repeat(500)]]),
    expected: 'added, 500 chars',
    change: 'one-row-added',
    check: added('x'.repeat(500)),
  },
  {
    action: 'createTask',
    input: '500 characters plus surrounding spaces',
    send: create([['name', `  ${'y'.repeat(500)}  `]]),
    expected: 'added trimmed, 500 chars',
    change: 'one-row-added',
    check: added('y'.repeat(500)),
  },
  {
    action: 'createTask',
    input: '501 characters',
    send: create([['name', 'x'.repeat(501)]]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('at most 500'),
  },
  {
    action: 'createTask',
    input: '100 KB name',
    send: create([['name', 'z'.repeat(100 * 1024)]]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('at most 500'),
  },
  {
    action: 'createTask',
    input: 'NUL byte',
    send: create([['name', 'a\u0000b']]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('NUL'),
  },
  {
    action: 'createTask',
    input: 'lone surrogate (UTF-8-encoded U+D800 bytes ED A0 80)',
    send: create([['name', Buffer.concat([Buffer.from('lone '), Buffer.from([0xed, 0xa0, 0x80])])]]),
    expected: 'no 5xx; stored only as valid text (replacement chars) or refused',
    change: 'none-or-one-row-added',
    check: (res, row) =>
      row && /[\ud800-\udfff]/.test(row.name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
        ? 'a lone surrogate was stored'
        : undefined,
  },
  {
    action: 'createTask',
    input: 'invalid UTF-8 bytes FF FE',
    send: create([['name', Buffer.concat([Buffer.from('bad '), Buffer.from([0xff, 0xfe])])]]),
    expected: 'no 5xx; stored as valid text or refused',
    change: 'none-or-one-row-added',
  },
  {
    action: 'createTask',
    input: '<script> in the name',
    send: create([['name', '<script>alert("xss")</script>']]),
    expected: 'added verbatim, rendered escaped',
    change: 'one-row-added',
    check: escapedInPage('<script>alert("xss")</script>', '&lt;script&gt;alert('),
  },
  {
    action: 'createTask',
    input: 'attribute-breaking HTML',
    send: create([['name', '"><img src=x onerror=alert(1)>']]),
    expected: 'added verbatim, rendered escaped',
    change: 'one-row-added',
    check: escapedInPage('"><img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'),
  },
  {
    action: 'createTask',
    input: 'SQL text',
    send: create([['name', "x'); delete from tasks; --"]]),
    expected: 'added verbatim, nothing else touched',
    change: 'one-row-added',
    check: added("x'); delete from tasks; --"),
  },
  {
    action: 'createTask',
    input: 'PostgREST filter syntax',
    send: create([['name', 'a,id.gt.0),or(user_id.neq.x']]),
    expected: 'added verbatim',
    change: 'one-row-added',
    check: added('a,id.gt.0),or(user_id.neq.x'),
  },
  {
    action: 'createTask',
    input: 'emoji, RTL override and combining marks',
    send: create([['name', '👩‍👩‍👧 \u202Eevil\u202C cafe\u0301 שלום']]),
    expected: 'added byte-for-byte (no normalisation)',
    change: 'one-row-added',
    check: added('👩‍👩‍👧 \u202Eevil\u202C cafe\u0301 שלום'),
  },
  {
    action: 'createTask',
    input: 'smuggled user_id (another user)',
    send: () =>
      a.submit('/', forms.create, [
        ['user_id', bId],
        ['name', 'smuggled owner'],
      ]),
    expected: "added as A's own row; user_id ignored",
    change: 'one-row-added',
    check: added('smuggled owner'),
  },
  {
    action: 'createTask',
    input: 'duplicated name fields',
    send: create([
      ['name', 'first copy'],
      ['name', 'second copy'],
    ]),
    expected: 'exactly one row, one of the two names',
    change: 'one-row-added',
    check: (_res, row) =>
      row && ['first copy', 'second copy'].includes(row.name)
        ? undefined
        : `unexpected row ${JSON.stringify(row?.name)}`,
  },
  {
    action: 'createTask',
    input: 'missing name field',
    send: create([]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('Enter a task name.'),
  },
  {
    action: 'createTask',
    input: 'name sent as a file upload',
    send: create([['name', { file: 'evil.txt', content: 'file body' }]]),
    expected: 'field error, no row',
    change: 'none',
    check: fieldError('Enter a task name.'),
  },
  {
    action: 'createTask',
    input: 'tampered previous form state ($ACTION_n:1 holding markup)',
    send: () =>
      a.post('/', [
        ...withField(
          forms.create,
          Object.keys(Object.fromEntries(actionFields(forms.create))).find((n) => n.endsWith(':1'))!,
          '[{"status":"success","message":"<b id=pwn>owned</b>"}]',
        ),
        ['name', ''],
      ]),
    expected: 'state from the client ignored; field error; markup never rendered',
    change: 'none',
    check: (res) =>
      res.html.includes('<b id=pwn>')
        ? 'client-supplied state rendered as HTML'
        : fieldError('Enter a task name.')(res),
  },
  {
    action: 'renameTask',
    input: "another user's task id",
    send: () => rename(String(othersTask.id), [['name', 'hijacked']])(),
    expected: `"${NOT_FOUND}", B's row unchanged`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'non-numeric id "abc"',
    send: rename('abc', [['name', 'x']]),
    expected: `"${NOT_FOUND}"`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'negative id "-1"',
    send: rename('-1', [['name', 'x']]),
    expected: `"${NOT_FOUND}"`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'huge in-range id 999999999999999999',
    send: rename('999999999999999999', [['name', 'x']]),
    expected: `"${NOT_FOUND}"`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'id beyond bigint 99999999999999999999',
    send: rename('99999999999999999999', [['name', 'x']]),
    expected: `"${NOT_FOUND}"`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'filter injection in id "1,id.gt.0"',
    send: rename('1,id.gt.0', [['name', 'x']]),
    expected: `"${NOT_FOUND}"`,
    change: 'none',
    check: alert(NOT_FOUND),
  },
  {
    action: 'renameTask',
    input: 'own task renamed to empty',
    send: () => rename(String(ownTask.id), [['name', '']])(),
    expected: 'field error, unchanged',
    change: 'none',
    check: fieldError('Enter a task name.'),
  },
  {
    action: 'renameTask',
    input: 'missing id field',
    send: () => a.submit(`/tasks/${ownTask.id}/edit`, forms.rename, [['name', 'no id']]),
    expected: '"Missing task id."',
    change: 'none',
    check: alert('Missing task id.'),
  },
  {
    action: 'renameTask',
    input: 'own task with smuggled user_id',
    send: () =>
      rename(String(ownTask.id), [
        ['user_id', bId],
        ['name', 'renamed, still mine'],
      ])(),
    expected: 'renamed (303 → /?notice=task-renamed), owner unchanged',
    change: 'own-task-changed',
    check: redirectsTo('/?notice=task-renamed'),
  },
  {
    action: 'toggleTask',
    input: 'done = "maybe"',
    send: () =>
      toggle([
        ['id', String(ownTask.id)],
        ['done', 'maybe'],
      ])(),
    expected: '303 → /?notice=invalid-state ("not a valid task state" notice), unchanged',
    change: 'none',
    check: redirectsTo('/?notice=invalid-state'),
  },
  {
    action: 'toggleTask',
    input: 'missing done field',
    send: () => toggle([['id', String(ownTask.id)]])(),
    expected: '303 → /?notice=invalid-state ("not a valid task state" notice), unchanged',
    change: 'none',
    check: redirectsTo('/?notice=invalid-state'),
  },
  {
    action: 'toggleTask',
    input: "another user's task id",
    send: () =>
      toggle([
        ['id', String(othersTask.id)],
        ['done', 'true'],
      ])(),
    expected: '303 → /?notice=task-missing ("does not exist" notice), unchanged',
    change: 'none',
    check: missingRedirect,
  },
  {
    action: 'toggleTask',
    input: "duplicated id fields (own, then another user's)",
    send: () =>
      toggle([
        ['id', String(ownTask.id)],
        ['id', String(othersTask.id)],
        ['done', 'true'],
      ])(),
    expected: "B's row unchanged (at most A's own row changes)",
    change: 'none',
  },
  {
    action: 'deleteTask',
    input: "another user's task id",
    send: () => remove([['id', String(othersTask.id)]])(),
    expected: '303 → /?notice=task-missing ("does not exist" notice), unchanged',
    change: 'none',
    check: missingRedirect,
  },
  {
    action: 'deleteTask',
    input: 'id "0"',
    send: remove([['id', '0']]),
    expected: `303 → /?notice=task-missing ("${NOT_FOUND}" notice)`,
    change: 'none',
    check: missingRedirect,
  },
  {
    action: 'deleteTask',
    input: 'id 9223372036854775808 (bigint max + 1)',
    send: remove([['id', '9223372036854775808']]),
    expected: `303 → /?notice=task-missing ("${NOT_FOUND}" notice)`,
    change: 'none',
    check: missingRedirect,
  },
  {
    action: 'deleteTask',
    input: 'missing id field',
    send: remove([]),
    expected: '303 → /?notice=missing-id ("Missing task id." notice)',
    change: 'none',
    check: redirectsTo('/?notice=missing-id'),
  },
  ...(
    [
      ['an absolute URL', 'https://evil.example/', '/'],
      ['a protocol-relative URL', '//evil.example/tasks', '/'],
      ['a backslash path', '/\\evil.example', '/'],
      ['a javascript: URL', 'javascript:alert(1)', '/'],
      ['a page that is not a list', '/tasks/1/edit', '/'],
      ['a list with unknown parameters', '/?show=open&next=https://evil.example', '/?show=open'],
    ] as const
  ).map(([what, back, location]): HostileCase => ({
    action: 'toggleTask',
    input: `return path (back) is ${what}: ${JSON.stringify(back)}`,
    send: ownToggle(back),
    expected: `own task changed; 303 → ${location} with a notice (only ever a list of this app)`,
    change: 'own-task-changed',
    check: backOnList(location),
  })),
  {
    action: 'toggleTask',
    input: 'return path (back) is an organization list the session is not acting in: "/orgs/acme?show=done"',
    send: ownToggle('/orgs/acme?show=done'),
    expected: 'nothing changed; 303 → /orgs/acme?show=done&notice=list-switched (the form names another list)',
    change: 'none',
    check: redirectsTo('/orgs/acme?show=done&notice=list-switched'),
  },
  {
    action: 'clearCompleted',
    input: 'clear completed with a hostile return path (//evil.example)',
    send: async () => {
      const confirm = await a.get('/?confirm=clear-completed');
      const form = findForm(confirm.html, { button: 'Delete completed tasks' });
      return a.submit('/', form, [['back', '//evil.example']]);
    },
    expected: "A's done tasks deleted, B's kept; 303 → /?notice=cleared&n=<count>",
    change: 'own-done-removed',
    check: (res) =>
      res.status === 303 && /^\/\?notice=cleared&n=\d+$/.test(res.location ?? '')
        ? undefined
        : `expected 303 → /?notice=cleared&n=…, got ${res.status} ${res.location}`,
  },
  {
    action: 'any',
    input: 'multipart POST without an action id',
    send: () => a.post('/', [['name', 'no action id']]),
    expected: '4xx, nothing runs',
    change: 'none',
    check: (res) => (res.status >= 400 && res.status < 500 ? undefined : `status ${res.status}`),
  },
  {
    action: 'any',
    input: 'unknown action id',
    send: () =>
      a.post('/', [
        ...withField(
          forms.create,
          Object.keys(Object.fromEntries(actionFields(forms.create))).find((n) => n.endsWith(':0'))!,
          '{"id":"00deadbeefdeadbeefdeadbeefdeadbeefdeadbeef","bound":"$@1"}',
        ),
        ['name', 'unknown action'],
      ]),
    expected: '4xx, nothing runs',
    change: 'none',
    check: (res) => (res.status >= 400 && res.status < 500 ? undefined : `status ${res.status}`),
  },
  {
    action: 'createTask',
    input: 'url-encoded POST with the action fields',
    send: () =>
      a.post('/', [], {
        contentType: 'application/x-www-form-urlencoded',
        rawBody: Buffer.from(new URLSearchParams([...actionFields(forms.create), ['name', 'urlencoded']]).toString()),
      }),
    expected: 'action does not run (page render), no row',
    change: 'none',
  },
  {
    action: 'createTask',
    input: 'body over the 1 MB server-action limit (1.5 MB)',
    send: create([['name', 'b'.repeat(1_500_000)]]),
    expected: '413 with a clear message, no row',
    change: 'none',
    check: (res) => (res.status === 413 && /larger than 1 MB/.test(res.html) ? undefined : `status ${res.status}`),
  },
  {
    action: 'createTask',
    input: 'cross-origin POST (Origin: http://evil.example)',
    send: () => a.post('/', [...actionFields(forms.create), ['name', 'csrf']], { origin: 'http://evil.example' }),
    expected: '403 refused, no row',
    change: 'none',
    check: (res) => (res.status === 403 ? undefined : `status ${res.status}`),
  },
  {
    action: 'deleteTask',
    input: 'cross-origin POST from a sibling port (Origin: http://localhost:1)',
    send: () =>
      a.post('/', [...actionFields(forms.remove), ['id', String(ownTask.id)]], { origin: 'http://localhost:1' }),
    expected: '403 refused, own task kept',
    change: 'none',
    check: (res) => (res.status === 403 ? undefined : `status ${res.status}`),
  },
];

function judge(c: HostileCase, res: AppResponse, diff: TableDiff): Judgement {
  const problems: string[] = [];
  const leaks: string[] = [];
  if (res.status >= 500) problems.push(`HTTP ${res.status}`);
  if (res.internals) problems.push(`page shows ${res.internals}`);
  const touched = [...diff.added, ...diff.removed, ...diff.changed.map((change) => change.after)];
  for (const row of touched) if (row.user_id !== aId) leaks.push(`row #${row.id} of ${row.user_id} written`);
  for (const { before, after } of diff.changed)
    if (before.user_id !== after.user_id) leaks.push(`row #${after.id} changed owner`);
  const addedCount = diff.added.length;
  const ok =
    c.change === 'none'
      ? touched.length === 0 ||
        (c.input.startsWith('duplicated id') &&
          diff.changed.every((ch) => ch.after.id === ownTask.id) &&
          addedCount === 0)
      : c.change === 'one-row-added'
        ? addedCount === 1 && diff.removed.length === 0 && diff.changed.length === 0
        : c.change === 'none-or-one-row-added'
          ? addedCount <= 1 && diff.removed.length === 0 && diff.changed.length === 0
          : c.change === 'own-done-removed'
            ? addedCount === 0 &&
              diff.changed.length === 0 &&
              diff.removed.length > 0 &&
              diff.removed.every((row) => row.done)
            : addedCount === 0 &&
              diff.removed.length === 0 &&
              diff.changed.length === 1 &&
              diff.changed[0]!.after.id === ownTask.id;
  if (!ok) problems.push(`table change is not "${c.change}"`);
  const extra = c.check?.(res, diff.added[0]);
  if (extra) problems.push(extra);
  const shown = [res.messages.status, ...res.messages.alerts, ...res.messages.fieldErrors].filter(Boolean).join(' / ');
  return {
    got: `${res.status}${res.location ? ` → ${res.location}` : ''}${shown ? ` "${shown.slice(0, 80)}"` : ''}`,
    problems,
    leaks,
  };
}

describe('hostile input to every action (signed in as A, no JavaScript)', () => {
  it('has at least 25 cases covering all four actions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.action))).toEqual(
      new Set(['createTask', 'renameTask', 'toggleTask', 'deleteTask', 'clearCompleted', 'any']),
    );
  });

  it.each(cases.map((c) => [`${c.action}: ${c.input}`, c] as const))('%s', async (_title, c) => {
    const result = await checkCase(sql, ctx.casesFile, {
      meta: {
        suite: 'hostile-input',
        layer: 'app (HTTP, no JS)',
        identity: 'owner A',
        operation: `${c.action}: ${c.input}`,
        expected: `${c.expected}; never 5xx`,
      },
      act: c.send,
      judge: (res, diff) => judge(c, res, diff),
    });
    expect(result.verdict, result.detail).toBe('pass');
  });

  it.each([
    ['/?notice=task-missing', 'That task does not exist. It may have been deleted.'],
    ['/?notice=invalid-state', 'That is not a valid task state. Nothing was changed.'],
    ['/?notice=missing-id', 'Missing task id. Nothing was changed.'],
  ])('shows the notice where a refused row change lands: %s', async (url, text) => {
    const page = await a.get(url);
    expect(page.messages.alerts).toContain(text);
  });

  it("fills a notice's count only from a number, never from other text", async () => {
    expect((await a.get('/?notice=cleared&n=2')).html).toContain('Deleted 2 completed tasks.');
    const crafted = await a.get('/?notice=cleared&n=%3Cb%3Eall%3C%2Fb%3E');
    expect(crafted.html).not.toContain('Deleted');
    expect(crafted.html).not.toContain('<b>all</b>');
  });

  it('renders every stored hostile name escaped on a fresh page load', async () => {
    const page = await a.get('/');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert("xss")</script>');
    expect(page.html).not.toContain('<img src=x onerror');
    expect(page.tasks.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        '<script>alert("xss")</script>',
        '"><img src=x onerror=alert(1)>',
        "x'); delete from tasks; --",
      ]),
    );
  });
});
