// The RLS matrix for organizations: every operation on a task in organization A's list (added by A's
// admin), by each organization identity, at the three layers (SQL as PostgREST runs it, PostgREST
// through supabase-js, the app over HTTP without JavaScript). Each case seeds its own task and compares
// the whole table, as superuser, before and after; `expected` names the layer that stops each refusal.
import { randomUUID } from 'node:crypto';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../support/as-role.ts';
import { decodePayload, hs256, nowSeconds, randomSecret, withEditedPayload } from '../support/forged-tokens.ts';
import { addMember, createTestOrganization, type TestOrganization } from '../support/organizations.ts';
import { supabaseClient } from '../support/supabase.ts';
import { findForm } from '../support/html-forms.ts';
import {
  AppHttp,
  createUser,
  getThroughHandshake,
  scrapeActionForms,
  sessionCookie,
  signIn,
  type ActionForms,
  type AppResponse,
  type SignedInUser,
} from '../support/app-http.ts';
import { checkCase } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { seedOrgTask, seedTask, superuser, type Sql, type TableDiff, type TaskRow } from '../support/tasks-table.ts';

const ctx = securityContext();
let sql: Sql;
let orgA: TestOrganization;
let orgB: TestOrganization;
const ids = { adminA: '', memberA: '', memberB: '', personal: '', memberAB: '' };
let forms: ActionForms;

const secretName = () => `secret-of-org-A-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  const clerk = createClerkClient({ apiUrl: ctx.clerkApiUrl, secretKey: ctx.clerkSecretKey });
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) ids[key] = await createUser(ctx, `orgs-${key}`);
  orgA = await createTestOrganization(clerk, 'org-a', ids.adminA);
  orgB = await createTestOrganization(clerk, 'org-b', ids.memberB);
  await addMember(clerk, orgA.id, ids.memberA);
  await addMember(clerk, orgA.id, ids.memberAB);
  await addMember(clerk, orgB.id, ids.memberAB);
  // The app's forms (their server-action fields), from the admin's own personal pages.
  const admin = await signIn(ctx, ids.adminA);
  forms = await scrapeActionForms(
    new AppHttp(ctx.appUrl, admin.cookie),
    (await seedTask(sql, ids.adminA, 'form source')).id,
  );
});

afterAll(async () => {
  await sql?.end();
});

type Operation = 'select' | 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['select', 'insert', 'update', 'delete'];

/** Rows of organization A written, changed or removed, other than `allowed`. */
function orgAChanges(diff: TableDiff, allowed: { added?: string; changed?: number; removed?: number } = {}): string[] {
  const leaks: string[] = [];
  for (const row of diff.added)
    if (row.org_id === orgA.id && row.user_id !== allowed.added) leaks.push(`row #${row.id} written into org A`);
  for (const row of diff.removed)
    if (row.id !== allowed.removed) leaks.push(`row #${row.id} of ${row.org_id ?? row.user_id} deleted`);
  for (const { after } of diff.changed)
    if (after.id !== allowed.changed) leaks.push(`row #${after.id} of ${after.org_id ?? after.user_id} changed`);
  return leaks;
}

// ---------------------------------------------------------------- identities (claims a token can carry)
interface OrgIdentity {
  name: string;
  claims: () => Record<string, unknown>;
  /** Which operations on org A's task (added by its admin) this identity may perform. */
  may: Record<Operation, boolean>;
  /** What stops it where it may not, for the report. */
  stoppedBy: string;
}

const ALL = { select: true, insert: true, update: true, delete: true };
const NONE = { select: false, insert: false, update: false, delete: false };
const base = (sub: string) => ({ sub, role: 'authenticated', aud: 'authenticated' });
// Template tokens carry org_id/org_role ({{org.id}}, {{org.role}} = org:admin); v2 session tokens carry o.
const template = (sub: string, org: TestOrganization, role: string) => ({
  ...base(sub),
  org_id: org.id,
  org_role: `org:${role}`,
});
const native = (sub: string, org: TestOrganization, role: string) => ({
  ...base(sub),
  o: { id: org.id, slg: org.slug, rol: role },
});

const identities: OrgIdentity[] = [
  {
    name: 'admin of org A, A active (template claims org_id/org_role)',
    claims: () => template(ids.adminA, orgA, 'admin'),
    may: ALL,
    stoppedBy: '-',
  },
  {
    name: 'admin of org A, A active (session token o claim)',
    claims: () => native(ids.adminA, orgA, 'admin'),
    may: ALL,
    stoppedBy: '-',
  },
  {
    name: 'member of org A, A active (session token o claim)',
    claims: () => native(ids.memberA, orgA, 'member'),
    may: { ...ALL, delete: false },
    stoppedBy: 'RLS delete policy (not the creator, not admin)',
  },
  {
    name: 'member of org A, A active (template claims)',
    claims: () => template(ids.memberA, orgA, 'member'),
    may: { ...ALL, delete: false },
    stoppedBy: 'RLS delete policy (not the creator, not admin)',
  },
  {
    name: 'admin of org B, B active',
    claims: () => native(ids.memberB, orgB, 'admin'),
    may: NONE,
    stoppedBy: 'RLS (org B context); insert into A: no org_id column grant',
  },
  {
    name: 'personal (no organization)',
    claims: () => base(ids.personal),
    may: NONE,
    stoppedBy: 'RLS (personal context); insert into A: no org_id column grant',
  },
  {
    name: 'member of A and B, B active',
    claims: () => native(ids.memberAB, orgB, 'member'),
    may: NONE,
    stoppedBy: 'RLS (the token’s org B decides, not membership)',
  },
  {
    name: 'admin of org A, no organization active (personal context)',
    claims: () => base(ids.adminA),
    may: NONE,
    stoppedBy: 'RLS (personal context sees only personal rows)',
  },
];

const expectation = (identity: OrgIdentity, op: Operation) =>
  identity.may[op]
    ? op === 'insert'
      ? 'row added in org A for the caller'
      : `1 row (${op})`
    : `refused: ${op === 'insert' ? '42501 (org_id not insertable)' : '0 rows'}; stopped by ${identity.stoppedBy}`;

function judgeWrite(identity: OrgIdentity, op: Operation, task: TaskRow, rows: number, diff: TableDiff, code?: string) {
  const sub = identity.claims().sub as string;
  const problems: string[] = [];
  let leaks: string[];
  if (identity.may[op]) {
    const ok =
      op === 'select'
        ? rows === 1
        : op === 'insert'
          ? diff.added.length === 1 && diff.added[0]!.org_id === orgA.id && diff.added[0]!.user_id === sub
          : op === 'update'
            ? diff.changed.length === 1 && diff.changed[0]!.after.id === task.id
            : diff.removed.length === 1 && diff.removed[0]!.id === task.id;
    if (!ok) problems.push('allowed operation did not happen');
    leaks = orgAChanges(diff, {
      added: op === 'insert' ? sub : undefined,
      changed: op === 'update' ? task.id : undefined,
      removed: op === 'delete' ? task.id : undefined,
    });
  } else {
    leaks = [...orgAChanges(diff), ...(op !== 'insert' && rows > 0 ? ["org A's task returned or touched"] : [])];
    if (op === 'insert' && !code) problems.push('insert into org A was not refused');
  }
  return { problems, leaks };
}

// ---------------------------------------------------------------- SQL layer
async function runSql(identity: OrgIdentity, op: Operation, task: TaskRow) {
  try {
    const rows = await asRole(sql, 'authenticated', identity.claims(), async (tx) => {
      if (op === 'select') return tx`select id, name from tasks where id = ${task.id}`;
      if (op === 'insert')
        return identity.may.insert
          ? tx`insert into tasks (name) values ('member insert') returning id`
          : tx`insert into tasks (name, org_id) values ('forged insert', ${orgA.id}) returning id`;
      if (op === 'update') return tx`update tasks set name = 'changed in SQL' where id = ${task.id} returning id`;
      return tx`delete from tasks where id = ${task.id} returning id`;
    });
    return { rows: rows.length, code: undefined as string | undefined };
  } catch (error) {
    return { rows: 0, code: (error as { code?: string }).code ?? 'error' };
  }
}

// ---------------------------------------------------------------- REST layer
const signedClaims = (claims: Record<string, unknown>) => ({
  ...claims,
  iat: nowSeconds() - 10,
  exp: nowSeconds() + 600,
});

interface ForgedToken {
  name: string;
  token: () => Promise<string>;
}

const forgedTokens: ForgedToken[] = [
  {
    name: 'claims admin of org A, signed with another secret',
    token: () => hs256(randomSecret(), signedClaims(template(ids.personal, orgA, 'admin'))),
  },
  {
    name: "org B admin's valid token with o.id edited to org A (signature broken)",
    token: async () =>
      withEditedPayload(await hs256(ctx.jwtSecret, signedClaims(native(ids.memberB, orgB, 'admin'))), (claims) => ({
        ...claims,
        o: { id: orgA.id, slg: orgA.slug, rol: 'admin' },
      })),
  },
];

async function runRest(token: string, may: boolean, op: Operation, task: TaskRow) {
  const tasks = supabaseClient(ctx.supabaseUrl, ctx.anonKey, token).from('tasks');
  const result =
    op === 'select'
      ? await tasks.select('id').eq('id', task.id)
      : op === 'insert'
        ? await (may ? tasks.insert({ name: 'member insert' }) : tasks.insert({ name: 'forged', org_id: orgA.id }))
        : op === 'update'
          ? await tasks.update({ name: 'changed via REST' }).eq('id', task.id).select('id')
          : await tasks.delete().eq('id', task.id).select('id');
  return { status: result.status, code: result.error?.code, rows: ((result.data as unknown[] | null) ?? []).length };
}

// ---------------------------------------------------------------- app layer
/** A signed-in browser whose session has `org` active: a page load of its list made the handshake activate it. */
async function browserIn(userId: string, org?: TestOrganization): Promise<{ session: SignedInUser; cookie: string }> {
  const session = await signIn(ctx, userId);
  if (!org) return { session, cookie: session.cookie };
  const { response, cookie } = await getThroughHandshake(ctx.appUrl, session, `/orgs/${org.slug}`);
  if (response.status !== 200) throw new Error(`could not open org ${org.slug}: ${response.status}`);
  return { session, cookie };
}

const activeOrgOf = (cookie: string) => {
  const token = /(?:^|; )__session=([^;]+)/.exec(cookie)?.[1];
  return token ? ((decodePayload(token).o as { id?: string } | undefined)?.id ?? null) : null;
};

const rowsShown = (responses: AppResponse[], name: string) => responses.some((r) => r.html.includes(name));
const describeResponses = (responses: AppResponse[]) =>
  responses
    .map(
      (r) =>
        `${r.status}${r.location ? ` → ${r.location.replace(ctx.appUrl, '')}` : ''}${r.messages.alerts[0] ? ` "${r.messages.alerts[0]}"` : ''}`,
    )
    .join(' + ');

// ---------------------------------------------------------------- the matrix
describe('RLS matrix: organizations', () => {
  describe('SQL layer (claims as PostgREST sets them)', () => {
    it.each(
      identities.flatMap((identity) => OPERATIONS.map((op) => [`${identity.name}: ${op}`, identity, op] as const)),
    )('%s', async (_title, identity, op) => {
      const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'SQL (org)',
          identity: identity.name,
          operation: op,
          expected: expectation(identity, op),
        },
        act: () => runSql(identity, op, task),
        judge: (res, diff) => ({
          got: res.code ? `error ${res.code}` : `${res.rows} row(s)`,
          ...judgeWrite(identity, op, task, res.rows, diff, res.code),
        }),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });
  });

  describe('REST layer (supabase-js → gateway → PostgREST)', () => {
    it.each(
      identities.flatMap((identity) => OPERATIONS.map((op) => [`${identity.name}: ${op}`, identity, op] as const)),
    )('%s', async (_title, identity, op) => {
      const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'REST (org)',
          identity: identity.name,
          operation: op,
          expected: expectation(identity, op),
        },
        act: async () =>
          runRest(await hs256(ctx.jwtSecret, signedClaims(identity.claims())), identity.may[op], op, task),
        judge: (res, diff) => {
          const judged = judgeWrite(identity, op, task, res.rows, diff, res.code);
          if (!identity.may[op] && op === 'insert' && res.status !== 403) judged.problems.push('expected 403 42501');
          return { got: `${res.status}${res.code ? ` ${res.code}` : ''}, ${res.rows} row(s)`, ...judged };
        },
      });
      expect(result.verdict, result.detail).toBe('pass');
    });

    it.each(forgedTokens.flatMap((forged) => OPERATIONS.map((op) => [`${forged.name}: ${op}`, forged, op] as const)))(
      '%s',
      async (_title, forged, op) => {
        const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
        const result = await checkCase(sql, ctx.casesFile, {
          meta: {
            suite: 'rls-matrix',
            layer: 'REST (org)',
            identity: forged.name,
            operation: op,
            expected: '401 PGRST30x; stopped by PostgREST (signature)',
          },
          act: async () => runRest(await forged.token(), false, op, task),
          judge: (res, diff) => ({
            got: `${res.status}${res.code ? ` ${res.code}` : ''}, ${res.rows} row(s)`,
            problems: res.status === 401 && res.code?.startsWith('PGRST30') ? [] : ['expected 401 PGRST30x'],
            leaks: [...orgAChanges(diff), ...(res.rows > 0 ? ["org A's task returned"] : [])],
          }),
        });
        expect(result.verdict, result.detail).toBe('pass');
      },
    );
  });

  describe('app layer (HTTP without JavaScript, identity = Clerk cookies)', () => {
    it('a user outside org A asks for /orgs/<slug>: the handshake does not activate it, the page is not found', async () => {
      const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
      for (const [name, userId] of [
        ['personal (no organization)', ids.personal],
        ['admin of org B, B active', ids.memberB],
      ] as const) {
        const start = await browserIn(userId, name.includes('org B') ? orgB : undefined);
        const session = { ...start.session, cookie: start.cookie };
        const result = await checkCase(sql, ctx.casesFile, {
          meta: {
            suite: 'rls-matrix',
            layer: 'app (org)',
            identity: name,
            operation: `GET /orgs/<A>, then /orgs/<A>/tasks/<id>/edit`,
            expected:
              '404 not-found page, no task name, session not switched to A; stopped by Clerk (handshake activates members only), then the proxy (not-found), then RLS',
          },
          act: async () => {
            const list = await getThroughHandshake(ctx.appUrl, session, `/orgs/${orgA.slug}`);
            const edit = await getThroughHandshake(
              ctx.appUrl,
              { ...session, cookie: list.cookie },
              `/orgs/${orgA.slug}/tasks/${task.id}/edit`,
            );
            return { list, edit };
          },
          judge: ({ list, edit }) => {
            const responses = [list.response, edit.response];
            const problems = [
              ...(list.hops.some((hop) => hop.includes(`organization_id=${orgA.slug}`))
                ? []
                : ['no handshake asked for org A']),
              ...responses.flatMap((r) =>
                r.status === 404 && r.html.includes('Not found') ? [] : [`got ${r.status}`],
              ),
            ];
            const leaks = [
              ...(rowsShown(responses, task.name) ? ["org A's task name in the page"] : []),
              ...(activeOrgOf(edit.cookie) === orgA.id ? ['session switched to org A'] : []),
            ];
            return {
              got: `${describeResponses(responses)}; active org ${activeOrgOf(edit.cookie) ?? 'none'}`,
              problems,
              leaks,
            };
          },
        });
        expect(result.verdict, result.detail).toBe('pass');
      }
    });

    it('a member deletes the admin’s task by a forged form post: refused with a truthful message', async () => {
      const member = await browserIn(ids.memberA, orgA);
      const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
      const own = await seedOrgTask(sql, ids.memberA, orgA.id, 'member’s own task');
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'app (org)',
          identity: 'member of org A, A active',
          operation: 'delete the admin’s task (POST /orgs/<A>, no Delete button shown)',
          expected:
            '"Only the person who added this task or an admin …" (inline or as the not-yours notice), unchanged; stopped by RLS delete policy',
        },
        act: async () => {
          const page = await new AppHttp(ctx.appUrl, member.cookie).get(`/orgs/${orgA.slug}`);
          // The member's own row's Delete form (its message is shown in that row), its id swapped for the admin's.
          const ownDelete = findForm(page.html, { button: 'Delete', taskId: own.id });
          const post = await new AppHttp(ctx.appUrl, member.cookie).submit(`/orgs/${orgA.slug}`, ownDelete, [
            ['id', String(task.id)],
          ]);
          return { page, post };
        },
        judge: ({ page, post }, diff) => {
          const row = page.html.slice(page.html.indexOf(task.name));
          const deleteShown = row.slice(0, row.indexOf('</li>')).includes('>Delete<');
          return {
            got: `${describeResponses([post])}; Delete button ${deleteShown ? 'shown' : 'hidden'}`,
            problems: [
              ...(post.messages.alerts.some((a) => a.startsWith('Only the person who added this task')) ||
              post.location?.includes('notice=not-yours')
                ? []
                : ['no truthful refusal']),
              ...(deleteShown ? ['Delete shown to a member'] : []),
            ],
            leaks: orgAChanges(diff),
          };
        },
      });
      expect(result.verdict, result.detail).toBe('pass');
    });

    it('the admin of org A deletes a member’s task', async () => {
      const admin = await browserIn(ids.adminA, orgA);
      const task = await seedOrgTask(sql, ids.memberA, orgA.id, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'app (org)',
          identity: 'admin of org A, A active',
          operation: 'delete a member’s task',
          expected: 'row removed',
        },
        act: () =>
          new AppHttp(ctx.appUrl, admin.cookie).submit(`/orgs/${orgA.slug}`, forms.remove, [['id', String(task.id)]]),
        judge: (res, diff) => ({
          got: describeResponses([res]),
          problems: diff.removed.length === 1 && diff.removed[0]!.id === task.id ? [] : ['not deleted'],
          leaks: orgAChanges(diff, { removed: task.id }),
        }),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });

    it.each([
      ['member of A and B, B active', (): string => ids.memberAB, (): TestOrganization | undefined => orgB],
      ['admin of org B, B active', (): string => ids.memberB, (): TestOrganization | undefined => orgB],
      ['personal (no organization)', (): string => ids.personal, (): TestOrganization | undefined => undefined],
    ] as const)(
      '%s posts to org A’s list: the token’s context decides, nothing of A changes',
      async (name, user, org) => {
        const browser = await browserIn(user(), org());
        for (const op of ['insert', 'update', 'delete'] as const) {
          const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
          const app = new AppHttp(ctx.appUrl, browser.cookie);
          const result = await checkCase(sql, ctx.casesFile, {
            meta: {
              suite: 'rls-matrix',
              layer: 'app (org)',
              identity: name,
              operation: `${op} posted to /orgs/<A> (POSTs never switch organizations)`,
              expected:
                op === 'insert'
                  ? 'a row in the caller’s own active list, none in A; stopped by RLS (org_id from the token)'
                  : op === 'update'
                    ? 'unchanged; the 404 page or "does not exist"; stopped by RLS'
                    : '"does not exist", unchanged; stopped by RLS',
            },
            act: () =>
              op === 'insert'
                ? app.submit(`/orgs/${orgA.slug}`, forms.create, [['name', 'posted to A']])
                : op === 'update'
                  ? app.submit(`/orgs/${orgA.slug}/tasks/${task.id}/edit`, forms.rename, [
                      ['id', String(task.id)],
                      ['name', 'renamed from outside'],
                    ])
                  : app.submit(`/orgs/${orgA.slug}`, forms.remove, [['id', String(task.id)]]),
            judge: (res, diff) => {
              const problems: string[] = [];
              if (op === 'insert' && !(diff.added.length === 1 && diff.added[0]!.org_id === (org()?.id ?? null)))
                problems.push('not added to the caller’s own list');
              if (
                op === 'update' &&
                res.status !== 404 &&
                !res.location?.includes('notice=task-missing') &&
                !res.messages.alerts.some((a) => a.includes('does not exist'))
              )
                problems.push('neither the 404 page nor "does not exist"');
              if (op === 'delete' && !res.location?.includes('notice=task-missing'))
                problems.push('no task-missing notice');
              return {
                got: describeResponses([res]),
                problems,
                leaks: [
                  ...orgAChanges(diff),
                  ...(rowsShown([res], task.name) ? ["org A's task name in the page"] : []),
                ],
              };
            },
          });
          expect(result.verdict, result.detail).toBe('pass');
        }
      },
    );

    it('a member of A and B with B active posts A’s own add form (it names its list): refused, nothing written', async () => {
      const inA = await browserIn(ids.memberAB, orgA);
      const addToA = findForm((await new AppHttp(ctx.appUrl, inA.cookie).get(`/orgs/${orgA.slug}`)).html, {
        button: 'Add task',
      });
      // Another tab then opens B: the session acts in B.
      const inB = await browserIn(ids.memberAB, orgB);
      const name = secretName();
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'app (org)',
          identity: 'member of A and B, B active, with a form rendered for A',
          operation: 'insert posted with A’s form (back=/orgs/<A>)',
          expected:
            'redirect to A’s list with the list-switched notice, no row anywhere; stopped by the action’s list check',
        },
        act: () =>
          new AppHttp(ctx.appUrl, inB.cookie).post(`/orgs/${orgA.slug}`, [
            ...addToA.hidden.filter(([field]) => field !== 'name'),
            ['name', name],
          ]),
        judge: (res, diff) => ({
          got: describeResponses([res]),
          problems: res.location?.includes('notice=list-switched') ? [] : ['no list-switched notice'],
          leaks: diff.added.map((row) => `a row was added (org ${String(row.org_id)})`),
        }),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });

    it('a forged __session claiming org A (wrong key) is signed out: no page, no write', async () => {
      const genuine = await browserIn(ids.memberB, orgB);
      const token = /(?:^|; )__session=([^;]+)/.exec(genuine.cookie)![1]!;
      const forged = withEditedPayload(token, (claims) => ({
        ...claims,
        o: { id: orgA.id, slg: orgA.slug, rol: 'admin' },
      }));
      const clientUat = /(?:^|; )__client_uat=([^;]+)/.exec(genuine.cookie)![1]!;
      const task = await seedOrgTask(sql, ids.adminA, orgA.id, secretName());
      const app = new AppHttp(ctx.appUrl, sessionCookie(forged, clientUat));
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'app (org)',
          identity: "org B admin's __session with o edited to org A (signature broken)",
          operation: 'GET /orgs/<A>, delete posted to /orgs/<A>',
          expected: 'redirect to sign-in, no write; stopped by Clerk middleware (signature)',
        },
        act: async () => [
          await app.get(`/orgs/${orgA.slug}`),
          await app.submit(`/orgs/${orgA.slug}`, forms.remove, [['id', String(task.id)]]),
        ],
        judge: (responses, diff) => ({
          got: describeResponses(responses),
          problems: responses[0]!.status >= 300 && responses[0]!.status < 400 ? [] : ['page not redirected to sign-in'],
          leaks: [...orgAChanges(diff), ...(rowsShown(responses, task.name) ? ["org A's task name in the page"] : [])],
        }),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });
  });
});
