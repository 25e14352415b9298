// What Row Level Security costs on "the 50 newest tasks of one user" at a million rows,
// measured in PostgreSQL (EXPLAIN ANALYZE execution time) and through PostgREST over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { connect } from '../db/db.ts';
import { freePort } from '../local-stack/ports.ts';
import { startStack, type Stack } from '../local-stack/stack.ts';
import type { Figure, Section } from './report.ts';
import {
  applySelectPolicy,
  benchUserId,
  deployedSelectPolicy,
  dropIndex,
  FULL_SIZE,
  generateTasks,
  SEED_POLICY,
  type DataSize,
} from './rls-data.ts';
import { sample } from './sampling.ts';
import { assertMeasured, ratioOf, summarize } from './stats.ts';
import { createThrowawayDatabase } from './throwaway-database.ts';
import { userClaims } from '../../tests/support/as-role.ts';
import { templateToken } from '../../tests/support/supabase.ts';

export interface RlsSettings {
  /** Rounds the indexed variants are interleaved over (spreads machine noise across them). */
  rounds: number;
  /** Samples per variant per round. */
  perRound: number;
  /** Time budget of the unindexed variant, per method. */
  slowBudgetMs: number;
  /** The data (default: a million tasks; the smoke test uses a small one). */
  size?: DataSize;
}

type VariantId = 'limit' | 'seed-noindex' | 'seed-index' | 'ours';

const LABELS: Record<VariantId, string> = {
  limit: 'limit: no RLS (table owner / service_role), `where user_id = $1`, index',
  'seed-noindex': "seed's policy `requesting_user_id() = user_id`, no index",
  'seed-index': "seed's policy `requesting_user_id() = user_id`, index",
  ours: "ours: the deployed policy (the caller's personal rows or the active organization's, each call a `(select …)` initPlan), index",
};

const COLUMNS = 'id, name, done, created_at';
const ORDER = 'order by created_at desc, id desc limit 50';

export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Subplan Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}
export interface Explained {
  Plan: PlanNode;
  'Execution Time': number;
}

/** "Limit › Index Scan (tasks_…_idx)", with initPlans marked: what the planner chose. */
export function planShape(node: PlanNode): string {
  const own = `${node['Subplan Name'] ? `[${node['Subplan Name']}] ` : ''}${node['Node Type']}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`;
  const children = (node.Plans ?? []).map(planShape);
  return children.length ? `${own} › ${children.join(' + ')}` : own;
}

export function explainResult(rows: readonly Record<string, unknown>[], expectedRows = 50): Explained {
  const plan = (rows[0]?.['QUERY PLAN'] as Explained[] | undefined)?.[0];
  if (!plan) throw new Error('EXPLAIN returned no plan');
  if (plan.Plan['Actual Rows'] !== expectedRows)
    throw new Error(`expected ${expectedRows} rows, the plan returned ${plan.Plan['Actual Rows']}`);
  return plan;
}

// TIMING OFF: per-node clock reads would add time per row scanned and so inflate the unindexed
// variant; the total "Execution Time" is still measured.
export const EXPLAIN = 'explain (analyze, timing off, format json)';

class RlsBench {
  lastPlan = new Map<VariantId, string>();
  private userToken = '';
  constructor(
    private sql: Sql,
    private stack: Stack,
    private userId: string,
  ) {}

  async init() {
    this.userToken = await templateToken(this.stack.env.SUPABASE_JWT_SECRET, this.userId, { expiresInSeconds: 3600 });
  }

  /** EXPLAIN ANALYZE as PostgREST would run the query: claims and role set locally in a transaction. */
  async explain(variant: VariantId): Promise<number> {
    let plan: Explained;
    if (variant === 'limit') {
      plan = explainResult(
        await this.sql.unsafe(
          `${EXPLAIN} select ${COLUMNS} from public.tasks where user_id = '${this.userId}' ${ORDER}`,
        ),
      );
    } else {
      plan = await this.sql.begin(async (tx) => {
        await tx.unsafe(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(userClaims(this.userId))]);
        await tx.unsafe('set local role authenticated');
        return explainResult(await tx.unsafe(`${EXPLAIN} select ${COLUMNS} from public.tasks ${ORDER}`));
      });
    }
    this.lastPlan.set(variant, planShape(plan.Plan));
    return plan['Execution Time'];
  }

  /** The same rows through the gateway and PostgREST, as supabase-js would ask for them. */
  async http(variant: VariantId): Promise<string> {
    const params = new URLSearchParams({
      select: COLUMNS.replace(/ /g, ''),
      order: 'created_at.desc,id.desc',
      limit: '50',
    });
    // The limit runs as service_role (BYPASSRLS) with the explicit filter: no policy at all.
    if (variant === 'limit') params.set('user_id', `eq.${this.userId}`);
    const token = variant === 'limit' ? this.stack.env.SUPABASE_SERVICE_ROLE_KEY : this.userToken;
    // The unindexed variant scans a million rows near the 8 s statement_timeout of `authenticated` (as on
    // hosted Supabase); on busy shared cores a scan can pass it. Those are asked again, a few times.
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.stack.env.SUPABASE_URL}/rest/v1/tasks?${params.toString()}`, {
        headers: { apikey: this.stack.env.SUPABASE_ANON_KEY, Authorization: `Bearer ${token}` },
      });
      const body = await response.text();
      if (response.status === 200) return body;
      if (attempt < 4 && body.includes('"57014"')) continue;
      throw new Error(`PostgREST answered ${response.status}: ${body.slice(0, 200)}`);
    }
  }
}

export async function benchRlsAtScale(
  settings: RlsSettings,
  log: (line: string) => void,
): Promise<{ section: Section; postgres: string }> {
  const database = await createThrowawayDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rls-'));
  let stack: Stack | undefined;
  let sql: Sql | undefined;
  try {
    log(
      `rls at scale: starting the stack (${database.databaseUrl ? 'throw-away database on DATABASE_URL' : 'embedded PostgreSQL'})`,
    );
    stack = await startStack({
      dataDir,
      databaseUrl: database.databaseUrl,
      gatewayPort: await freePort(),
      postgresPort: await freePort(),
      clerk: false,
    });
    sql = connect(stack.env.DATABASE_URL);
    const [{ version } = { version: '?' }] = await sql<
      { version: string }[]
    >`select current_setting('server_version') as version`;
    const size = settings.size ?? FULL_SIZE;
    log(
      `rls at scale: generating ${size.tasks.toLocaleString('en')} tasks over ${size.users.toLocaleString('en')} users`,
    );
    const loadSeconds = await generateTasks(sql, 'personal', size);
    const deployed = await deployedSelectPolicy(sql);
    log(`rls at scale: loaded and indexed in ${loadSeconds.toFixed(1)} s`);

    const userId = benchUserId(4242 % size.users);
    const bench = new RlsBench(sql, stack, userId);
    await bench.init();
    const explainSamples = new Map<VariantId, number[]>();
    const httpSamples = new Map<VariantId, number[]>();
    const bodies = new Map<VariantId, string>();
    const add = (map: Map<VariantId, number[]>, id: VariantId, values: number[]) =>
      map.set(id, [...(map.get(id) ?? []), ...values]);
    const fast = { warmup: 5, count: settings.perRound, budgetMs: 20_000 };

    // Indexed variants, interleaved over rounds so noise from the shared cores hits them alike.
    for (let round = 1; round <= settings.rounds; round++) {
      log(`rls at scale: indexed variants, round ${round}/${settings.rounds}`);
      for (const id of ['limit', 'ours', 'seed-index'] as const) {
        if (id !== 'limit') await applySelectPolicy(sql, id === 'ours' ? deployed : SEED_POLICY);
        add(explainSamples, id, await sample(() => bench.explain(id), fast));
        add(httpSamples, id, await sample(async () => void bodies.set(id, await bench.http(id)), fast));
      }
    }

    log('rls at scale: dropping the index for the unindexed variant');
    await dropIndex(sql);
    await applySelectPolicy(sql, SEED_POLICY);
    const slow = { warmup: 1, count: settings.rounds * settings.perRound, budgetMs: settings.slowBudgetMs };
    add(explainSamples, 'seed-noindex', await sample(() => bench.explain('seed-noindex'), slow));
    add(
      httpSamples,
      'seed-noindex',
      await sample(async () => void bodies.set('seed-noindex', await bench.http('seed-noindex')), slow),
    );

    // Every variant must have returned the same 50 rows, or the comparison means nothing.
    const reference = bodies.get('limit');
    for (const [id, body] of bodies)
      if (body !== reference) throw new Error(`variant ${id} returned other rows than the limit`);
    if ((JSON.parse(reference ?? '[]') as unknown[]).length !== 50) throw new Error('the limit did not return 50 rows');

    const order: VariantId[] = ['limit', 'seed-noindex', 'seed-index', 'ours'];
    const figures = (samples: Map<VariantId, number[]>, method: string, withPlan: boolean): Figure[] => {
      const limit = summarize(samples.get('limit') ?? []);
      return order.map((id) => {
        const values = samples.get(id) ?? [];
        assertMeasured(`${method} ${id}`, values);
        const summary = summarize(values);
        return {
          label: LABELS[id],
          unit: 'ms',
          summary,
          ...(id === 'limit' ? {} : { baseline: 'limit', ratio: ratioOf(summary, limit) }),
          ...(id === 'ours' ? { target: 1.2 } : {}),
          ...(withPlan ? { detail: `plan: ${bench.lastPlan.get(id) ?? '?'}` } : {}),
        };
      });
    };
    const explainFigures = figures(explainSamples, 'EXPLAIN', true);
    const httpFigures = figures(httpSamples, 'HTTP', false);
    return {
      postgres: version,
      section: {
        id: 'rls',
        title: 'RLS at a million rows — the 50 newest tasks of one user',
        tables: [
          { title: 'PostgreSQL: EXPLAIN (ANALYZE, TIMING OFF) execution time', figures: explainFigures },
          {
            title: 'PostgREST over HTTP (gateway /rest/v1, one keep-alive connection): request time',
            figures: httpFigures,
          },
        ],
        notes: [
          `${size.tasks.toLocaleString('en')} tasks, ${size.users.toLocaleString('en')} users (${size.tasks / size.users} tasks each), generated with one insert … select from generate_series in ${loadSeconds.toFixed(1)} s (indexes built after the load, then VACUUM ANALYZE).`,
          `RLS runs as PostgREST runs them: in a transaction, \`set_config('request.jwt.claims', …, true)\` and \`set local role authenticated\`; over HTTP with an HS256 token (sub, role and aud "authenticated", exp) signed with the stack's JWT secret. The limit over HTTP is service_role (BYPASSRLS) with \`user_id=eq.…\`.`,
          ...targetNotes(explainFigures, httpFigures),
          'All variants returned the same 50 rows (checked). Indexed variants were interleaved over rounds; the unindexed one ran last, after the index was dropped, within a time budget.',
        ],
      },
    };
  } finally {
    await sql?.end();
    await stack?.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Says by how much ours misses or meets the target, in absolute terms too (a missed target needs its reason). */
function targetNotes(explain: Figure[], http: Figure[]): string[] {
  const pick = (figures: Figure[], label: string) =>
    figures.find((f) => f.label === LABELS[label as VariantId])?.summary.median ?? Number.NaN;
  const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
  const sqlExtra = pick(explain, 'ours') - pick(explain, 'limit');
  const httpExtra = pick(http, 'ours') - pick(http, 'limit');
  const ratio = pick(explain, 'ours') / pick(explain, 'limit');
  const notes = [
    `Ours against the limit, absolute: ${sqlExtra >= 0 ? '+' : ''}${us(sqlExtra)} per query in PostgreSQL (median ${us(pick(explain, 'ours'))} vs ${us(pick(explain, 'limit'))}), ${httpExtra >= 0 ? '+' : ''}${us(httpExtra)} per request over HTTP.`,
  ];
  const vsSeed = pick(explain, 'ours') / pick(explain, 'seed-index');
  notes.push(
    `Ours against the seed's policy, both with the index: ${vsSeed.toFixed(2)}× in PostgreSQL. The seed's \`requesting_user_id()\` is a STABLE SQL function that PostgreSQL inlines, so with the index its qual is already an index condition (see the plans); the subselect's win is the unindexed or non-inlinable case, where the function would otherwise run once per row. Without the index both plans scan the whole table: ${(pick(explain, 'seed-noindex') / 1000).toFixed(2)} s per query.`,
  );
  if (ratio > 1.2) {
    notes.push(
      `Target missed in PostgreSQL by ${((ratio / 1.2 - 1) * 100).toFixed(0)}% (${ratio.toFixed(2)}× vs ≤ 1.2×): the query itself takes only tens of microseconds with the index, so the fixed per-query work RLS adds — the initPlan that parses the request.jwt.claims JSON once, and the policy qual on each of the 50 index rows — is a large share of it. It does not grow with the table: the plan is the same index scan as the limit's. Through PostgREST the difference is below the request's noise.`,
    );
  }
  return notes;
}
