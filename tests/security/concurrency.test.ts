// 50 simulated users × 40 mixed operations at once against `next start` over loopback, each user a
// browser without JavaScript working on its own tasks. Expected: no 5xx, every user ends with exactly
// the tasks its acknowledged operations describe, and no response ever shows another user's task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHttp, createUser, scrapeActionForms, signIn, type AppResponse } from '../support/app-http.ts';
import { securityContext } from '../support/security-context.ts';
import { allTasks, seedTask, superuser, type Sql } from '../support/tasks-table.ts';
import { findForm, type HtmlForm } from '../support/html-forms.ts';
import { recordCase } from '../support/security-report.ts';

const ctx = securityContext();
const USERS = 50;
const OPERATIONS_PER_USER = 40;
const REQUEST_TIMEOUT_MS = 60_000;

type Op = 'create' | 'toggle' | 'rename' | 'delete' | 'read';

interface SimUser {
  index: number;
  userId: string;
  app: AppHttp;
  /** The tasks this user's acknowledged operations leave, by id. */
  model: Map<number, { name: string; done: boolean }>;
  /** The latest page this user saw (every action answers with the re-rendered page). */
  html: string;
  errors: string[];
  leaks: string[];
  counts: Record<Op, number>;
  statuses: Map<number, number>;
}

let sql: Sql;
let createForm: HtmlForm;
let renameForm: HtmlForm;

/** Deterministic pseudo-random choices (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickOp(user: SimUser, roll: number): Op {
  if (user.model.size === 0) return roll < 0.8 ? 'create' : 'read';
  if (roll < 0.4) return 'create';
  if (roll < 0.6) return 'toggle';
  if (roll < 0.7) return 'rename';
  if (roll < 0.8) return 'delete';
  return 'read';
}

/** Every task a response shows must be one of the user's own: anything else is a cross-user leak. */
function checkVisible(user: SimUser, res: AppResponse, op: string): void {
  for (const task of res.tasks) {
    if (!task.name.startsWith(`u${user.index}-`)) user.leaks.push(`${op}: saw task #${task.id} "${task.name}"`);
  }
}

async function runOp(user: SimUser, op: Op, step: number, rand: () => number): Promise<void> {
  const ids = [...user.model.keys()];
  const id = ids[Math.floor(rand() * ids.length)]!;
  let res: AppResponse;
  if (op === 'create') {
    const name = `u${user.index}-t${step}`;
    res = await user.app.submit('/', createForm, [['name', name]]);
    const created = res.tasks.find((task) => task.name === name);
    if (res.status === 200 && res.messages.status === `Added “${name}”.` && created)
      user.model.set(created.id, { name, done: false });
    else user.errors.push(`create ${name}: ${res.status} ${JSON.stringify(res.messages)}`);
  } else if (op === 'toggle') {
    const done = !user.model.get(id)!.done;
    res = await user.app.submit('/', findForm(user.html, { button: done ? 'Done' : 'Reopen', taskId: id }), [
      ['id', String(id)],
      ['done', String(done)],
    ]);
    // The list's row forms return to the list with a notice saying what happened.
    if (res.status === 303 && res.location === `/?notice=${done ? 'task-done' : 'task-reopened'}`)
      user.model.get(id)!.done = done;
    else user.errors.push(`toggle #${id}: ${res.status} ${res.location} ${JSON.stringify(res.messages)}`);
  } else if (op === 'rename') {
    const name = `u${user.index}-r${step}`;
    res = await user.app.submit(`/tasks/${id}/edit`, renameForm, [
      ['id', String(id)],
      ['name', name],
    ]);
    if (res.status === 303 && res.location === '/?notice=task-renamed') user.model.get(id)!.name = name;
    else user.errors.push(`rename #${id}: ${res.status} ${res.location} ${JSON.stringify(res.messages)}`);
  } else if (op === 'delete') {
    res = await user.app.submit('/', findForm(user.html, { button: 'Delete', taskId: id }), [['id', String(id)]]);
    if (res.status === 303 && res.location === '/?notice=task-deleted') user.model.delete(id);
    else user.errors.push(`delete #${id}: ${res.status} ${res.location} ${JSON.stringify(res.messages)}`);
  } else {
    res = await user.app.get('/');
    const shown = new Set(res.tasks.map((task) => task.id));
    if (res.status !== 200 || shown.size !== user.model.size || ids.some((known) => !shown.has(known)))
      user.errors.push(`read: ${res.status}, ${shown.size} tasks shown, model has ${user.model.size}`);
  }
  user.counts[op]++;
  user.statuses.set(res.status, (user.statuses.get(res.status) ?? 0) + 1);
  if (res.internals) user.errors.push(`${op}: page shows ${res.internals}`);
  checkVisible(user, res, op);
  // Rename, toggle and delete answer with a redirect; the next form needs a page that lists the tasks.
  if (op === 'create' || op === 'read') user.html = res.html;
  else {
    const list = await user.app.get('/');
    checkVisible(user, list, op);
    user.html = list.html;
  }
}

async function runUser(user: SimUser): Promise<void> {
  const rand = random(1000 + user.index);
  for (let step = 0; step < OPERATIONS_PER_USER; step++) {
    const op = pickOp(user, rand());
    try {
      await runOp(user, op, step, rand);
    } catch (error) {
      user.errors.push(`${op} step ${step}: ${(error as Error).message}`);
    }
  }
}

beforeAll(async () => {
  sql = superuser(ctx.databaseUrl);
  const userId = await createUser(ctx, 'load-form');
  const forms = await scrapeActionForms(
    new AppHttp(ctx.appUrl, (await signIn(ctx, userId)).cookie),
    (await seedTask(sql, userId, 'form source')).id,
  );
  createForm = forms.create;
  renameForm = forms.rename;
});

afterAll(async () => {
  await sql?.end();
});

describe(`${USERS} users × ${OPERATIONS_PER_USER} operations at once`, () => {
  it(
    'no 5xx, every user ends with exactly their acknowledged tasks, nothing visible across users',
    { timeout: 300_000 },
    async () => {
      const users: SimUser[] = await Promise.all(
        Array.from({ length: USERS }, async (_, index): Promise<SimUser> => {
          const userId = await createUser(ctx, `load-${index}`);
          const app = new AppHttp(ctx.appUrl, (await signIn(ctx, userId)).cookie, REQUEST_TIMEOUT_MS);
          return {
            index,
            userId,
            app,
            model: new Map(),
            html: '',
            errors: [],
            leaks: [],
            counts: { create: 0, toggle: 0, rename: 0, delete: 0, read: 0 },
            statuses: new Map(),
          };
        }),
      );
      const started = Date.now();
      await Promise.all(users.map(runUser));
      const seconds = (Date.now() - started) / 1000;

      // Ground truth: each user's rows against the model built from acknowledged operations only.
      const rows = await allTasks(sql);
      const mismatches: string[] = [];
      for (const user of users) {
        const mine = rows.filter((row) => row.user_id === user.userId);
        const actual = JSON.stringify(mine.map((row) => [row.id, row.name, row.done]));
        const expected = JSON.stringify(
          [...user.model].sort(([a], [b]) => a - b).map(([id, task]) => [id, task.name, task.done]),
        );
        if (actual !== expected)
          mismatches.push(`user ${user.index}: table ${actual.slice(0, 200)} ≠ model ${expected.slice(0, 200)}`);
        for (const row of mine)
          if (!row.name.startsWith(`u${user.index}-`))
            user.leaks.push(`row #${row.id} "${row.name}" stored under this user`);
      }
      const statuses = new Map<number, number>();
      for (const user of users)
        for (const [status, n] of user.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
      const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
      const errors = users.flatMap((user) => user.errors.map((e) => `u${user.index} ${e}`));
      const leaks = users.flatMap((user) => user.leaks.map((e) => `u${user.index} ${e}`));
      const ops = users.reduce((sum, user) => sum + Object.values(user.counts).reduce((a, b) => a + b, 0), 0);
      const mix = (['create', 'toggle', 'rename', 'delete', 'read'] as const)
        .map((op) => `${op} ${users.reduce((sum, user) => sum + user.counts[op], 0)}`)
        .join(', ');

      recordCase(ctx.casesFile, {
        suite: 'concurrency',
        layer: 'app (HTTP, no JS) → PostgREST → PostgreSQL',
        identity: `${USERS} signed-in users at once`,
        operation: `${OPERATIONS_PER_USER} mixed operations each (${mix}) in ${seconds.toFixed(1)} s`,
        expected:
          "0 5xx; 0 failed operations; each user's rows = their acknowledged operations; 0 tasks of others visible",
        got: `${ops} operations; statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}; ${errors.length} failed operations; ${mismatches.length} users whose rows differ; ${leaks.length} cross-user sightings${errors[0] ? ` — first failure: ${errors[0]}` : ''}`,
        verdict: leaks.length ? 'leak' : serverErrors || errors.length || mismatches.length ? 'fail' : 'pass',
      });

      expect(leaks).toEqual([]);
      expect(serverErrors).toBe(0);
      expect(errors.slice(0, 10)).toEqual([]);
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(ops).toBe(USERS * OPERATIONS_PER_USER);
    },
  );
});
