// What the policies cost on an organization's shared list at a million rows: the 50 newest tasks of
// one organization as a member reads them, against the same rows read with no RLS, in PostgreSQL
// (EXPLAIN ANALYZE) and through PostgREST; plus the app's own call, task_page(), in both contexts,
// with the plans of the statements it runs inside (auto_explain, nested statements).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Sql } from 'postgres';
import { connect } from '../db/db.ts';
import { freePort } from '../local-stack/ports.ts';
import { startStack, type Stack } from '../local-stack/stack.ts';
import type { Figure, Section } from './report.ts';
import { EXPLAIN, explainResult, planShape, type PlanNode, type RlsSettings } from './rls-at-scale.ts';
import { benchOrgId, benchUserId, FULL_SIZE, generateTasks, orgsOfUser } from './rls-data.ts';
import { sample } from './sampling.ts';
import { assertMeasured, ratioOf, summarize } from './stats.ts';
import { createThrowawayDatabase } from './throwaway-database.ts';

type VariantId = 'org-limit' | 'org-filter' | 'org-policies' | 'org-page' | 'personal-limit' | 'personal-page';

const LABELS: Record<VariantId, string> = {
  'org-limit': 'limit: no RLS (table owner / service_role), `where org_id = $1`, index',
  'org-filter': 'a member through the policies, `where org_id = $1` stated',
  'org-policies': 'a member through the policies alone, no filter (a bare `GET /tasks?order=…&limit=50`)',
  'org-page': "the app's call: `task_page()` as a member (51 rows for the page, plus the open/done counts)",
  'personal-limit': 'limit: no RLS, `where user_id = $1 and org_id is null`, index',
  'personal-page': "the app's call: `task_page()`, personal context (50 rows, plus the counts)",
};

const BASELINE: Record<VariantId, VariantId> = {
  'org-limit': 'org-limit',
  'org-filter': 'org-limit',
  'org-policies': 'org-limit',
  'org-page': 'org-limit',
  'personal-limit': 'personal-limit',
  'personal-page': 'personal-limit',
};

const COLUMNS = 'id, name, done, created_at';
const ORDER = 'order by created_at desc, id desc limit 50';

type Claims = Record<string, unknown>;

interface Context {
  userId: string;
  orgId: string;
  orgClaims: Claims;
  personalClaims: Claims;
}

/** Claims shaped like the `supabase` template's, with the active organization when there is one. */
const claimsOf = (userId: string, orgId?: string): Claims => ({
  sub: userId,
  role: 'authenticated',
  aud: 'authenticated',
  ...(orgId ? { org_id: orgId, org_role: 'org:member' } : {}),
});

const tokenOf = (claims: Claims, jwtSecret: string) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));

class OrgBench {
  lastPlan = new Map<VariantId, string>();
  private tokens = new Map<'org' | 'personal', string>();

  constructor(
    private sql: Sql,
    private stack: Stack,
    private ctx: Context,
  ) {}

  async init() {
    this.tokens.set('org', await tokenOf(this.ctx.orgClaims, this.stack.env.SUPABASE_JWT_SECRET));
    this.tokens.set('personal', await tokenOf(this.ctx.personalClaims, this.stack.env.SUPABASE_JWT_SECRET));
  }

  private asCaller<T>(claims: Claims, run: (tx: Sql) => Promise<T>): Promise<T> {
    return this.sql.begin(async (tx) => {
      await tx.unsafe(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
      await tx.unsafe('set local role authenticated');
      return run(tx as unknown as Sql);
    }) as Promise<T>;
  }

  /** EXPLAIN ANALYZE execution time, as PostgREST would run the query (claims and role local to a transaction). */
  async explain(variant: VariantId): Promise<number> {
    const { userId, orgId, orgClaims, personalClaims } = this.ctx;
    const run = async (tx: Sql, query: string, rows = 50) =>
      explainResult(await tx.unsafe(`${EXPLAIN} ${query}`), rows);
    const plan = await {
      'org-limit': () => run(this.sql, `select ${COLUMNS} from public.tasks where org_id = '${orgId}' ${ORDER}`),
      'org-filter': () =>
        this.asCaller(orgClaims, (tx) =>
          run(tx, `select ${COLUMNS} from public.tasks where org_id = '${orgId}' ${ORDER}`),
        ),
      'org-policies': () => this.asCaller(orgClaims, (tx) => run(tx, `select ${COLUMNS} from public.tasks ${ORDER}`)),
      'org-page': () => this.asCaller(orgClaims, (tx) => run(tx, 'select public.task_page()', 1)),
      'personal-limit': () =>
        run(this.sql, `select ${COLUMNS} from public.tasks where user_id = '${userId}' and org_id is null ${ORDER}`),
      'personal-page': () => this.asCaller(personalClaims, (tx) => run(tx, 'select public.task_page()', 1)),
    }[variant]();
    this.lastPlan.set(variant, planShape(plan.Plan));
    return plan['Execution Time'];
  }

  /** The same read through the gateway and PostgREST; returns the ids of the rows, newest first. */
  async http(variant: VariantId): Promise<number[]> {
    const { userId, orgId } = this.ctx;
    const { SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY } = this.stack.env;
    const page = variant.endsWith('-page');
    const params = new URLSearchParams(
      page ? {} : { select: COLUMNS.replace(/ /g, ''), order: 'created_at.desc,id.desc', limit: '50' },
    );
    if (variant === 'org-limit' || variant === 'org-filter') params.set('org_id', `eq.${orgId}`);
    if (variant === 'personal-limit') {
      params.set('user_id', `eq.${userId}`);
      params.set('org_id', 'is.null');
    }
    const token = variant.endsWith('-limit')
      ? SUPABASE_SERVICE_ROLE_KEY
      : this.tokens.get(variant.startsWith('org') ? 'org' : 'personal');
    const path = page ? 'rpc/task_page' : 'tasks';
    const response = await fetch(`${SUPABASE_URL}/rest/v1/${path}?${params.toString()}`, {
      headers: { apikey: SUPABASE_ANON_KEY, Authorization: `Bearer ${token}` },
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`PostgREST answered ${response.status}: ${body.slice(0, 200)}`);
    const rows = page
      ? (JSON.parse(body) as { tasks: { id: number }[] }).tasks
      : (JSON.parse(body) as { id: number }[]);
    return rows.slice(0, 50).map((row) => row.id);
  }

  /**
   * The plans of the statements task_page() runs inside (the page, then the counts), logged by
   * auto_explain to this connection as notices. A connection of its own: the module stays loaded.
   */
  async taskPagePlans(claims: Claims): Promise<string[]> {
    const notices: string[] = [];
    const own = connect(this.stack.env.DATABASE_URL, {
      max: 1,
      onnotice: (notice) => notices.push(String(notice.message)),
    });
    try {
      await own.unsafe(`load 'auto_explain'`);
      await own.begin(async (tx) => {
        await tx.unsafe(`set local auto_explain.log_min_duration = 0`);
        await tx.unsafe(`set local auto_explain.log_nested_statements = on`);
        await tx.unsafe(`set local auto_explain.log_format = json`);
        await tx.unsafe(`set local client_min_messages = log`);
        await tx.unsafe(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
        await tx.unsafe('set local role authenticated');
        await tx.unsafe('select public.task_page()');
      });
    } finally {
      await own.end();
    }
    return notices
      .filter((message) => message.includes('from public.tasks where'))
      .map((message) => {
        const logged = JSON.parse(message.slice(message.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode };
        const which = logged['Query Text'].includes('json_agg') ? 'page' : 'counts';
        return `${which}: ${planShape(logged.Plan)}`;
      });
  }
}

export async function benchOrgRlsAtScale(
  settings: RlsSettings,
  log: (line: string) => void,
): Promise<{ section: Section; plans: Record<'org' | 'personal', string[]> }> {
  const size = settings.size ?? FULL_SIZE;
  const database = await createThrowawayDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rls-org-'));
  let stack: Stack | undefined;
  let sql: Sql | undefined;
  try {
    log('rls for organizations: starting the stack');
    stack = await startStack({
      dataDir,
      databaseUrl: database.databaseUrl,
      gatewayPort: await freePort(),
      postgresPort: await freePort(),
      clerk: false,
    });
    sql = connect(stack.env.DATABASE_URL);
    log(
      `rls for organizations: generating ${size.tasks.toLocaleString('en')} tasks, ${size.users.toLocaleString('en')} users, ${size.orgs.toLocaleString('en')} organizations`,
    );
    const loadSeconds = await generateTasks(sql, 'organizations', size);
    log(`rls for organizations: loaded and indexed in ${loadSeconds.toFixed(1)} s`);

    const member = 4242 % size.users;
    const ctx: Context = {
      userId: benchUserId(member),
      orgId: benchOrgId(orgsOfUser(member, size)[0]!),
      orgClaims: {},
      personalClaims: {},
    };
    ctx.orgClaims = claimsOf(ctx.userId, ctx.orgId);
    ctx.personalClaims = claimsOf(ctx.userId);
    const [counts] = await sql<{ org: number; members: number; personal: number }[]>`
      select count(*) filter (where org_id = ${ctx.orgId})::int as org,
             count(distinct user_id) filter (where org_id = ${ctx.orgId})::int as members,
             count(*) filter (where user_id = ${ctx.userId} and org_id is null)::int as personal
      from public.tasks`;

    const bench = new OrgBench(sql, stack, ctx);
    await bench.init();
    const explainSamples = new Map<VariantId, number[]>();
    const httpSamples = new Map<VariantId, number[]>();
    const ids = new Map<VariantId, number[]>();
    const add = (map: Map<VariantId, number[]>, id: VariantId, values: number[]) =>
      map.set(id, [...(map.get(id) ?? []), ...values]);
    const options = { warmup: 5, count: settings.perRound, budgetMs: 20_000 };
    const order = Object.keys(LABELS) as VariantId[];

    for (let round = 1; round <= settings.rounds; round++) {
      log(`rls for organizations: round ${round}/${settings.rounds}`);
      for (const id of order) {
        add(explainSamples, id, await sample(() => bench.explain(id), options));
        add(httpSamples, id, await sample(async () => void ids.set(id, await bench.http(id)), options));
      }
    }

    // Every variant of a context must have returned the same 50 rows, or the comparison means nothing.
    for (const id of order) {
      const reference = ids.get(BASELINE[id]) ?? [];
      if (reference.length !== 50) throw new Error(`${BASELINE[id]} did not return 50 rows`);
      if (JSON.stringify(ids.get(id)) !== JSON.stringify(reference))
        throw new Error(`${id} returned other rows than ${BASELINE[id]}`);
    }
    const plans = {
      org: await bench.taskPagePlans(ctx.orgClaims),
      personal: await bench.taskPagePlans(ctx.personalClaims),
    };

    const figures = (samples: Map<VariantId, number[]>, method: string, withPlan: boolean): Figure[] =>
      order.map((id) => {
        const values = samples.get(id) ?? [];
        assertMeasured(`${method} ${id}`, values);
        const summary = summarize(values);
        const inner = id === 'org-page' ? plans.org : id === 'personal-page' ? plans.personal : undefined;
        const plan = inner ? `inside: ${inner.join('; ')}` : `plan: ${bench.lastPlan.get(id) ?? '?'}`;
        return {
          label: LABELS[id],
          unit: 'ms',
          summary,
          ...(BASELINE[id] === id
            ? {}
            : { baseline: BASELINE[id], ratio: ratioOf(summary, summarize(samples.get(BASELINE[id]) ?? [])) }),
          ...(withPlan ? { detail: plan } : {}),
        };
      });
    // An ordered index scan stops after the page; a bitmap scan reads all of the list's rows and sorts them.
    const pagePlan = (context: string[]) => context.find((plan) => plan.startsWith('page:')) ?? '';
    const readsInOrder = (context: string[], index: string) =>
      pagePlan(context).includes(`Index Scan (${index})`) && !pagePlan(context).includes('Sort');
    const orderNote = (name: string, context: string[], index: string, column: string) =>
      readsInOrder(context, index)
        ? `${name} reads ${index} in order and stops after the page.`
        : `${name} does **not** read ${index} in order: it collects all of the list's rows through a bitmap and sorts them (its cost grows with the list). The estimate is the cause: the planner cannot know the policy's initPlan values when it plans, and estimates that the policy (an OR of the personal and the organization branch) keeps a handful of the rows the stated \`${column}\` condition selects (in fact it keeps all of them), so stopping early looks worthless.`;
    return {
      plans,
      section: {
        id: 'rls-org',
        title: 'RLS at a million rows — the 50 newest tasks of one organization',
        tables: [
          {
            title: 'PostgreSQL: EXPLAIN (ANALYZE, TIMING OFF) execution time',
            figures: figures(explainSamples, 'EXPLAIN', true),
          },
          {
            title: 'PostgREST over HTTP (gateway /rest/v1, one keep-alive connection): request time',
            figures: figures(httpSamples, 'HTTP', false),
          },
        ],
        notes: [
          `${size.tasks.toLocaleString('en')} tasks, ${size.users.toLocaleString('en')} users, ${size.orgs.toLocaleString('en')} organizations; each user a member of three organizations; half of each user's tasks personal, half in their organizations, generated in one insert … select in ${loadSeconds.toFixed(1)} s. The organization read has ${counts?.org} tasks from ${counts?.members} members; the member has ${counts?.personal} personal tasks.`,
          "RLS runs as PostgREST runs it, with the deployed policies (drizzle/0010): claims shaped like the `supabase` template's (`org_id`, `org_role: org:member`), `set local role authenticated`. The limit over HTTP is service_role (BYPASSRLS) with `org_id=eq.…` (or `user_id=eq.…&org_id=is.null`). Rows ordered `created_at desc, id desc`; each variant's 50 ids checked equal to its limit's.",
          "task_page() also counts the list's open and done tasks, so it does more than the limit; the plans of its inner statements come from auto_explain.",
          orderNote("The organization's page", plans.org, 'tasks_org_id_created_at_id_idx', 'org_id'),
          orderNote('The personal page', plans.personal, 'tasks_user_id_created_at_id_idx', 'user_id'),
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
