// The RLS matrix: every operation on a task owned by A, by every identity, at three layers (SQL as
// PostgREST runs it, PostgREST through supabase-js and the gateway, the app over HTTP without JS).
// The owner succeeds; every other identity reads nothing and changes nothing. Each case seeds its own
// task of A's and compares the whole table, as superuser, before and after.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, userClaims, type Claims } from '../support/as-role.ts';
import { supabaseClient, templateToken } from '../support/supabase.ts';
import {
  AppHttp,
  createUser,
  instanceSessionCookie,
  scrapeActionForms,
  sessionCookie,
  signIn,
  type ActionForms,
  type AppResponse,
  type SignedInUser,
} from '../support/app-http.ts';
import { checkCase, type Judgement } from '../support/case-check.ts';
import { securityContext } from '../support/security-context.ts';
import { seedTask, superuser, type Sql, type TableDiff, type TaskRow } from '../support/tasks-table.ts';
import { algNone, hs256, nowSeconds, randomSecret, sessionToken, withEditedPayload } from '../support/forged-tokens.ts';

const ctx = securityContext();
let sql: Sql;
let aId: string;
let bId: string;
let aSession: SignedInUser;
let bSession: SignedInUser;
let forms: ActionForms;

const secretName = () => `secret-of-A-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  aId = await createUser(ctx, 'rls-a');
  bId = await createUser(ctx, 'rls-b');
  aSession = await signIn(ctx, aId);
  bSession = await signIn(ctx, bId);
  forms = await scrapeActionForms(
    new AppHttp(ctx.appUrl, aSession.cookie),
    (await seedTask(sql, aId, 'form source')).id,
  );
});

afterAll(async () => {
  await sql?.end();
});

type Operation = 'select' | 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['select', 'insert', 'update', 'delete'];

/** Owner may change the table as the operation says; everyone else may change nothing of A's. */
function ownerChangeOk(op: Operation, diff: TableDiff, task: TaskRow): boolean {
  if (op === 'select') return diff.added.length + diff.removed.length + diff.changed.length === 0;
  if (op === 'insert')
    return diff.added.length === 1 && diff.added[0]!.user_id === aId && diff.removed.length + diff.changed.length === 0;
  if (op === 'update')
    return (
      diff.changed.length === 1 &&
      diff.changed[0]!.after.id === task.id &&
      diff.changed[0]!.after.user_id === aId &&
      diff.added.length + diff.removed.length === 0
    );
  return diff.removed.length === 1 && diff.removed[0]!.id === task.id && diff.added.length + diff.changed.length === 0;
}

/** Rows of A's touched, or rows written under A's id, by a non-owner. `allowOwnRowOf` permits one added row of that user (B creating their own task). */
function foreignChanges(diff: TableDiff, allowOwnRowOf?: string): string[] {
  const leaks: string[] = [];
  for (const row of diff.added)
    if (row.user_id !== allowOwnRowOf) leaks.push(`row #${row.id} written for ${row.user_id}`);
  if (allowOwnRowOf && diff.added.length > 1) leaks.push('more than one row added');
  for (const row of diff.removed) leaks.push(`row #${row.id} of ${row.user_id} deleted`);
  for (const { after } of diff.changed) leaks.push(`row #${after.id} of ${after.user_id} changed`);
  return leaks;
}

// ---------------------------------------------------------------- SQL layer
interface SqlIdentity {
  name: string;
  role: 'anon' | 'authenticated';
  claims: () => Claims;
  owner?: boolean;
  expected: Record<Operation, string>;
}

const sqlIdentities: SqlIdentity[] = [
  {
    name: 'owner A (authenticated, sub A)',
    role: 'authenticated',
    claims: () => userClaims(aId),
    owner: true,
    expected: { select: '1 row', insert: '1 row, user_id A', update: '1 row', delete: '1 row' },
  },
  {
    name: 'another user B (authenticated, sub B)',
    role: 'authenticated',
    claims: () => userClaims(bId),
    expected: { select: '0 rows', insert: '42501 (WITH CHECK)', update: '0 rows', delete: '0 rows' },
  },
  {
    name: 'no token (anon)',
    role: 'anon',
    claims: () => ({ role: 'anon' }),
    expected: { select: '42501 permission denied', insert: '42501', update: '42501', delete: '42501' },
  },
  {
    name: 'token without role claim (anon, sub A in claims)',
    role: 'anon',
    claims: () => ({ sub: aId, aud: 'authenticated' }),
    expected: { select: '42501 permission denied', insert: '42501', update: '42501', delete: '42501' },
  },
  {
    name: 'authenticated with no claims at all',
    role: 'authenticated',
    claims: () => null,
    expected: { select: '0 rows', insert: '42501 / 23502', update: '0 rows', delete: '0 rows' },
  },
  {
    name: 'authenticated with sub ""',
    role: 'authenticated',
    claims: () => ({ sub: '', role: 'authenticated' }),
    expected: { select: '0 rows', insert: '42501', update: '0 rows', delete: '0 rows' },
  },
];

async function runSql(
  identity: SqlIdentity,
  op: Operation,
  task: TaskRow,
): Promise<{ rows: number; code?: string; leakedNames: string[] }> {
  try {
    const rows = await asRole(sql, identity.role, identity.claims(), async (tx) => {
      if (op === 'select') return tx<{ name: string }[]>`select id, name from tasks where id = ${task.id}`;
      if (op === 'insert') {
        return identity.owner
          ? tx<{ name: string }[]>`insert into tasks (name) values ('owner insert') returning name, user_id`
          : tx<
              { name: string }[]
            >`insert into tasks (name, user_id) values ('forged insert', ${aId}) returning name, user_id`;
      }
      if (op === 'update')
        return tx<
          { name: string }[]
        >`update tasks set name = 'changed by ' || current_user where id = ${task.id} returning name`;
      return tx<{ name: string }[]>`delete from tasks where id = ${task.id} returning name`;
    });
    return { rows: rows.length, leakedNames: rows.map((row) => row.name) };
  } catch (error) {
    return { rows: 0, code: (error as { code?: string }).code ?? 'error', leakedNames: [] };
  }
}

// ---------------------------------------------------------------- REST layer
interface RestIdentity {
  name: string;
  /** The Bearer token; undefined: anon key only. */
  token: () => Promise<string | undefined>;
  kind: 'owner' | 'other' | 'anon' | 'rejected';
}

const aClaims = () => ({
  sub: aId,
  role: 'authenticated',
  aud: 'authenticated',
  iat: nowSeconds() - 10,
  exp: nowSeconds() + 600,
});

const restIdentities: RestIdentity[] = [
  { name: 'owner A (template token)', kind: 'owner', token: () => templateToken(ctx.jwtSecret, aId) },
  { name: 'another user B (template token)', kind: 'other', token: () => templateToken(ctx.jwtSecret, bId) },
  { name: 'no token (anon key only)', kind: 'anon', token: async () => undefined },
  {
    name: "A's token, expired 5 min ago",
    kind: 'rejected',
    token: () => templateToken(ctx.jwtSecret, aId, { expiresInSeconds: -300 }),
  },
  {
    name: "A's claims, wrong signature (other secret)",
    kind: 'rejected',
    token: () => hs256(randomSecret(), aClaims()),
  },
  {
    name: "A's claims, alg: none",
    kind: 'rejected',
    token: async () => algNone(await templateToken(ctx.jwtSecret, aId)),
  },
  {
    name: 'HS256 with a different secret claiming role service_role',
    kind: 'rejected',
    token: () => hs256(randomSecret(), { ...aClaims(), role: 'service_role' }),
  },
  {
    name: "B's token with sub edited to A (signature broken)",
    kind: 'rejected',
    token: async () => withEditedPayload(await templateToken(ctx.jwtSecret, bId), (c) => ({ ...c, sub: aId })),
  },
  {
    name: 'valid HS256 token for A with no role claim',
    kind: 'anon',
    token: () =>
      hs256(ctx.jwtSecret, { sub: aId, aud: 'authenticated', iat: nowSeconds() - 10, exp: nowSeconds() + 600 }),
  },
  {
    name: "A's Clerk session token (valid RS256 via JWKS, no role claim)",
    kind: 'anon',
    token: async () => aSession.sessionToken,
  },
  {
    name: 'RS256 session token for A signed with a foreign key (emulator kid)',
    kind: 'rejected',
    token: () =>
      sessionToken({ kid: ctx.clerkKid, issuer: ctx.clerkIssuer, sub: aId, sid: aSession.sessionId, azp: ctx.appUrl }),
  },
];

const REST_EXPECTED: Record<RestIdentity['kind'], Record<Operation, string>> = {
  owner: { select: '200, 1 row', insert: '201', update: '200, 1 row', delete: '200, 1 row' },
  other: {
    select: '200, []',
    insert: '403 42501 (user_id A refused by WITH CHECK)',
    update: '200, [] (0 rows)',
    delete: '200, [] (0 rows)',
  },
  anon: { select: '401 42501 (anon has no grant)', insert: '401 42501', update: '401 42501', delete: '401 42501' },
  rejected: { select: '401 PGRST30x', insert: '401 PGRST30x', update: '401 PGRST30x', delete: '401 PGRST30x' },
};

async function runRest(identity: RestIdentity, op: Operation, task: TaskRow) {
  const token = await identity.token();
  const client = supabaseClient(ctx.supabaseUrl, ctx.anonKey, token);
  const tasks = client.from('tasks');
  const result =
    op === 'select'
      ? await tasks.select('id, name').eq('id', task.id)
      : op === 'insert'
        ? await (identity.kind === 'owner'
            ? tasks.insert({ name: 'owner insert' })
            : tasks.insert({ name: 'forged insert', user_id: aId }))
        : op === 'update'
          ? await tasks.update({ name: 'changed via REST' }).eq('id', task.id).select('id, name')
          : await tasks.delete().eq('id', task.id).select('id, name');
  const rows = (result.data as { name: string }[] | null) ?? [];
  return { status: result.status, code: result.error?.code, rows };
}

function judgeRest(
  identity: RestIdentity,
  op: Operation,
  task: TaskRow,
  res: Awaited<ReturnType<typeof runRest>>,
  diff: TableDiff,
): Judgement {
  const got = `${res.status}${res.code ? ` ${res.code}` : ''}, ${res.rows.length} row(s)`;
  if (identity.kind === 'owner') {
    const statusOk = op === 'insert' ? res.status === 201 : res.status === 200 && res.rows.length === 1;
    return {
      got,
      problems: [
        ...(statusOk ? [] : ['owner did not succeed']),
        ...(ownerChangeOk(op, diff, task) ? [] : ['unexpected table change']),
      ],
      leaks: [],
    };
  }
  const leaks = [
    ...foreignChanges(diff),
    ...(res.rows.some((row) => row.name === task.name) ? ["A's task returned"] : []),
  ];
  const problems: string[] = [];
  if (identity.kind === 'other') {
    if (op === 'insert' ? res.status !== 403 || res.code !== '42501' : res.status !== 200 || res.rows.length !== 0)
      problems.push('unexpected status');
  } else if (identity.kind === 'anon') {
    if (res.status !== 401 || res.code !== '42501') problems.push('expected 401 42501');
  } else if (res.status !== 401 || !res.code?.startsWith('PGRST30')) problems.push('expected 401 PGRST30x');
  return { got, problems, leaks };
}

// ---------------------------------------------------------------- App layer
interface AppIdentity {
  name: string;
  kind: 'owner' | 'other' | 'signed-out';
  cookie: () => Promise<string | undefined>;
  /** A genuine Clerk token that only expired: its changes are parked until the session is refreshed. */
  parks?: boolean;
}

const longAgo = () => nowSeconds() - 7200;

const appIdentities: AppIdentity[] = [
  { name: 'owner A (signed in)', kind: 'owner', cookie: async () => aSession.cookie },
  { name: 'another signed-in user B', kind: 'other', cookie: async () => bSession.cookie },
  { name: 'signed out (no cookies)', kind: 'signed-out', cookie: async () => undefined },
  {
    name: "expired __session for A (Clerk's key, a 60 s token that expired 2 min ago)",
    kind: 'signed-out',
    parks: true,
    cookie: async () =>
      instanceSessionCookie(ctx, aSession, {
        iat: nowSeconds() - 180,
        exp: nowSeconds() - 120,
        clientUat: String(nowSeconds() - 190),
      }),
  },
  {
    // Further past its expiry than a parked change may wait: no refresh will complete it.
    name: "expired __session for A (Clerk's key, exp 1 h ago)",
    kind: 'signed-out',
    cookie: async () =>
      instanceSessionCookie(ctx, aSession, {
        iat: longAgo(),
        exp: longAgo() + 3600,
        clientUat: String(longAgo() - 60),
      }),
  },
  {
    name: '__session for A signed with a foreign RSA key (wrong signature)',
    kind: 'signed-out',
    cookie: async () =>
      sessionCookie(
        await sessionToken({
          kid: ctx.clerkKid,
          issuer: ctx.clerkIssuer,
          sub: aId,
          sid: aSession.sessionId,
          azp: new URL(ctx.appUrl).origin,
        }),
        aSession.clientUat,
      ),
  },
  {
    name: "A's __session re-encoded with alg: none",
    kind: 'signed-out',
    cookie: async () => sessionCookie(algNone(aSession.sessionToken), aSession.clientUat),
  },
  {
    name: '__session: HS256 with a different secret claiming role service_role',
    kind: 'signed-out',
    cookie: async () =>
      sessionCookie(
        await hs256(randomSecret(), {
          ...aClaims(),
          role: 'service_role',
          sid: aSession.sessionId,
          iss: ctx.clerkIssuer,
        }),
        aSession.clientUat,
      ),
  },
  {
    name: "B's __session with sub edited to A (signature broken)",
    kind: 'signed-out',
    cookie: async () =>
      sessionCookie(
        withEditedPayload(bSession.sessionToken, (c) => ({ ...c, sub: aId })),
        bSession.clientUat,
      ),
  },
  {
    name: "A's valid Supabase template token used as __session (HS256, not a Clerk token)",
    kind: 'signed-out',
    cookie: async () =>
      sessionCookie(await templateToken(ctx.jwtSecret, aId, { expiresInSeconds: 600 }), aSession.clientUat),
  },
];

const APP_EXPECTED: Record<AppIdentity['kind'], Record<Operation, string>> = {
  owner: {
    select: 'edit page and list show the task',
    insert: "'Added', row for A",
    update: '303 → /, renamed',
    delete: 'row removed',
  },
  other: {
    select: 'edit page says "does not exist"; name nowhere',
    insert: "a row of B's own only (smuggled user_id ignored)",
    update: '"That task does not exist", unchanged',
    delete: '303 → /?notice=task-missing ("does not exist" notice), unchanged',
  },
  'signed-out': {
    select: 'redirect to sign-in; name nowhere',
    insert: 'no row; 303 → /auth/continue when only expired (parked for after the refresh), else /?notice=signed-out',
    update: 'unchanged; 303 → /auth/continue when only expired, else /?notice=signed-out',
    delete: 'unchanged; 303 → /auth/continue when only expired, else /?notice=signed-out',
  },
};

async function runApp(identity: AppIdentity, op: Operation, task: TaskRow): Promise<AppResponse[]> {
  const app = new AppHttp(ctx.appUrl, await identity.cookie());
  if (op === 'select') return [await app.get(`/tasks/${task.id}/edit`), await app.get('/')];
  if (op === 'insert')
    return [
      await app.submit('/', forms.create, [
        ['user_id', aId],
        ['name', `insert by ${identity.kind}`],
      ]),
    ];
  if (op === 'update')
    return [
      await app.submit(`/tasks/${task.id}/edit`, forms.rename, [
        ['id', String(task.id)],
        ['name', 'renamed over HTTP'],
      ]),
    ];
  return [await app.submit('/', forms.remove, [['id', String(task.id)]])];
}

function judgeApp(
  identity: AppIdentity,
  op: Operation,
  task: TaskRow,
  responses: AppResponse[],
  diff: TableDiff,
): Judgement {
  const got = responses
    .map(
      (r) =>
        `${r.status}${r.location ? ` → ${r.location.replace(ctx.appUrl, '')}` : ''}${r.messages.alerts[0] ? ` "${r.messages.alerts[0]}"` : ''}`,
    )
    .join(' + ');
  const problems = responses.flatMap((r) => [
    ...(r.status >= 500 ? [`HTTP ${r.status}`] : []),
    ...(r.internals ? [`page shows ${r.internals}`] : []),
  ]);
  if (identity.kind === 'owner') {
    if (!ownerChangeOk(op, diff, task)) problems.push('unexpected table change');
    if (op === 'select' && !responses.every((r) => r.html.includes(task.name)))
      problems.push('owner does not see the task');
    return { got, problems, leaks: [] };
  }
  const leaks = [
    ...foreignChanges(diff, identity.kind === 'other' && op === 'insert' ? bId : undefined),
    ...(responses.some((r) => r.html.includes(task.name)) ? ["A's task name in the response"] : []),
  ];
  if (
    identity.kind === 'other' &&
    op === 'update' &&
    !responses[0]!.messages.alerts.some((a) => a.includes('does not exist'))
  )
    problems.push('no "does not exist" message');
  if (identity.kind === 'other' && op === 'delete' && responses[0]!.location !== '/?notice=task-missing')
    problems.push('not sent to the "does not exist" notice');
  if (
    identity.kind === 'other' &&
    op === 'select' &&
    !responses[0]!.messages.alerts.some((a) => a.includes('does not exist'))
  )
    problems.push('no "does not exist" message');
  if (identity.kind === 'signed-out' && op === 'select' && !(responses[0]!.status >= 300 && responses[0]!.status < 400))
    problems.push('edit page not redirected to sign-in');
  const signedOutTarget = identity.parks ? '/auth/continue' : '/?notice=signed-out';
  if (identity.kind === 'signed-out' && op !== 'select' && responses[0]!.location !== signedOutTarget)
    problems.push(`not sent to ${signedOutTarget}`);
  return { got, problems, leaks };
}

// ---------------------------------------------------------------- the matrix
describe('RLS matrix', () => {
  describe('SQL layer (role and request.jwt.claims set as PostgREST sets them)', () => {
    it.each(
      sqlIdentities.flatMap((identity) => OPERATIONS.map((op) => [`${identity.name}: ${op}`, identity, op] as const)),
    )('%s', async (_title, identity, op) => {
      const task = await seedTask(sql, aId, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'SQL',
          identity: identity.name,
          operation: op,
          expected: identity.expected[op],
        },
        act: () => runSql(identity, op, task),
        judge: (res, diff) => {
          const got = res.code ? `error ${res.code}` : `${res.rows} row(s)`;
          if (identity.owner)
            return {
              got,
              problems: res.rows === 1 && ownerChangeOk(op, diff, task) ? [] : ['owner did not succeed'],
              leaks: [],
            };
          const leaks = [
            ...foreignChanges(diff),
            ...(res.leakedNames.includes(task.name) ? ["A's task returned"] : []),
          ];
          const denied =
            identity.role === 'anon'
              ? res.code === '42501'
              : op === 'insert'
                ? res.code !== undefined
                : res.rows === 0 && !res.code;
          return { got, problems: denied ? [] : [`expected ${identity.expected[op]}`], leaks };
        },
      });
      expect(result.verdict, result.detail).toBe('pass');
    });
  });

  describe('REST layer (supabase-js → gateway → PostgREST 12)', () => {
    it.each(
      restIdentities.flatMap((identity) => OPERATIONS.map((op) => [`${identity.name}: ${op}`, identity, op] as const)),
    )('%s', async (_title, identity, op) => {
      const task = await seedTask(sql, aId, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'REST',
          identity: identity.name,
          operation: op,
          expected: REST_EXPECTED[identity.kind][op],
        },
        act: () => runRest(identity, op, task),
        judge: (res, diff) => judgeRest(identity, op, task, res, diff),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });

    it('owner cannot hand a task to someone else (user_id has no UPDATE grant)', async () => {
      const task = await seedTask(sql, aId, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'REST',
          identity: 'owner A (template token)',
          operation: 'update user_id to B',
          expected: '401/403 42501, unchanged',
        },
        act: async () => {
          const client = supabaseClient(ctx.supabaseUrl, ctx.anonKey, await templateToken(ctx.jwtSecret, aId));
          const { status, error } = await client.from('tasks').update({ user_id: bId }).eq('id', task.id).select('id');
          return { status, code: error?.code };
        },
        judge: (res, diff) => ({
          got: `${res.status} ${res.code ?? ''}`,
          problems: res.code === '42501' ? [] : ['expected 42501'],
          leaks: foreignChanges(diff),
        }),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });
  });

  describe('app layer (HTTP, server actions posted without JavaScript, identity = Clerk cookies)', () => {
    it.each(
      appIdentities.flatMap((identity) => OPERATIONS.map((op) => [`${identity.name}: ${op}`, identity, op] as const)),
    )('%s', async (_title, identity, op) => {
      const task = await seedTask(sql, aId, secretName());
      const result = await checkCase(sql, ctx.casesFile, {
        meta: {
          suite: 'rls-matrix',
          layer: 'app',
          identity: identity.name,
          operation: op,
          expected: APP_EXPECTED[identity.kind][op],
        },
        act: () => runApp(identity, op, task),
        judge: (res, diff) => judgeApp(identity, op, task, res, diff),
      });
      expect(result.verdict, result.detail).toBe('pass');
    });
  });
});
