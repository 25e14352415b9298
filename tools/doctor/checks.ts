// The doctor's checks: each takes the app's environment, talks to Clerk, Supabase and the database the
// way the app does, and answers ok / problem / skipped with the fix in one sentence. Read-only, except
// for a throw-away Clerk user and session (template and native modes), deleted before returning.
import { randomBytes } from 'node:crypto';
import { decodeJwt, exportJWK, importSPKI, type JWK } from 'jose';
import { connect } from '../db/db.ts';
import { verifyMigrationJournal, verifySchema } from '../db/schema-verify.ts';

export type DoctorEnv = Record<string, string | undefined>;
export type Status = 'ok' | 'problem' | 'skipped';

export interface CheckResult {
  name: string;
  status: Status;
  detail: string;
  /** One sentence: what to change, and where. Only for problems. */
  fix?: string;
}

const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
const skipped = (name: string, detail: string): CheckResult => ({ name, status: 'skipped', detail });
const problem = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'problem', detail, fix });

const CLERK_KEYS = 'Clerk Dashboard → API keys';
const SUPABASE_API = 'Supabase Dashboard → Project Settings → API';
const TIMEOUT_MS = 10_000;
/** Beyond this, Clerk's SDK (5 s leeway) refuses fresh session tokens as not yet valid or expired. */
export const MAX_CLOCK_SKEW_MS = 5_000;

export const REQUIRED_KEYS = [
  'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
  'CLERK_SECRET_KEY',
  'SUPABASE_URL',
  'SUPABASE_ANON_KEY',
] as const;

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}

// Clerk Backend API

interface Answer {
  status: number;
  body: unknown;
  date: string | null;
}

export function clerkApiUrl(env: DoctorEnv): string {
  return (env.CLERK_API_URL || 'https://api.clerk.com').replace(/\/+$/, '');
}

async function bapi(env: DoctorEnv, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${clerkApiUrl(env)}/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${env.CLERK_SECRET_KEY ?? ''}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: response.status, body: parsed, date: response.headers.get('date') };
}

/** Clerk's first error message, or the status. */
function clerkError(answer: Answer): string {
  const first = (answer.body as { errors?: { long_message?: string; message?: string; code?: string }[] })?.errors?.[0];
  const text = first ? `${first.code ?? ''}: ${first.long_message ?? first.message ?? ''}` : '';
  return `${answer.status}${text ? ` ${text}` : ''}`;
}

/** The publishable key's Frontend API host: `pk_live_`/`pk_test_` + base64 of `host$`. */
export function decodePublishableKey(key: string): { host: string; live: boolean } | undefined {
  const match = /^pk_(live|test)_([A-Za-z0-9+/=_-]+)$/.exec(key.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
  if (!decoded.endsWith('$')) return undefined;
  const host = decoded.slice(0, -1);
  return host.includes('.') ? { host, live: match[1] === 'live' } : undefined;
}

export interface ClerkKeyState {
  results: CheckResult[];
  /** The Backend API accepted the secret key. */
  secretKeyWorks: boolean;
}

/** Publishable key, secret key, CLERK_JWT_KEY and the clock against Clerk's `Date` header. */
export async function checkClerkKeys(env: DoctorEnv, now: () => number = Date.now): Promise<ClerkKeyState> {
  const results: CheckResult[] = [];
  const publishable = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? '';
  const decoded = decodePublishableKey(publishable);
  if (!decoded)
    results.push(
      problem(
        'Clerk publishable key',
        'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY does not decode to a Frontend API host',
        `copy the Publishable key (pk_live_… or pk_test_…) from ${CLERK_KEYS}.`,
      ),
    );
  else
    results.push(
      ok('Clerk publishable key', `Frontend API ${decoded.host} (${decoded.live ? 'production' : 'development'})`),
    );

  const secret = env.CLERK_SECRET_KEY ?? '';
  const secretKind = /^sk_(live|test)_/.exec(secret)?.[1];
  if (decoded && secretKind && (secretKind === 'live') !== decoded.live) {
    results.push(
      problem(
        'Clerk secret key',
        `CLERK_SECRET_KEY is a ${secretKind} key but the publishable key is a ${decoded.live ? 'live' : 'test'} one`,
        `copy both keys from the same instance in ${CLERK_KEYS}.`,
      ),
    );
    return { results, secretKeyWorks: false };
  }
  let jwks: Answer;
  const started = now();
  try {
    jwks = await bapi(env, 'GET', '/jwks');
  } catch (error) {
    results.push(
      problem(
        'Clerk secret key',
        `Clerk's Backend API at ${clerkApiUrl(env)} did not answer (${errorText(error)})`,
        'unset CLERK_API_URL for hosted Clerk (or point it at the running emulator) and check the network.',
      ),
    );
    return { results, secretKeyWorks: false };
  }
  const finished = now();
  if (jwks.status !== 200) {
    results.push(
      problem(
        'Clerk secret key',
        `Clerk's Backend API refused CLERK_SECRET_KEY (${clerkError(jwks)})`,
        `copy the Secret key of this instance from ${CLERK_KEYS} into CLERK_SECRET_KEY.`,
      ),
    );
    return { results, secretKeyWorks: false };
  }
  results.push(ok('Clerk secret key', `accepted by ${clerkApiUrl(env)}`));
  results.push(await jwtKeyCheck(env, (jwks.body as { keys?: JWK[] }).keys ?? []));
  results.push(clockCheck(jwks.date, (started + finished) / 2));
  return { results, secretKeyWorks: true };
}

async function jwtKeyCheck(env: DoctorEnv, keys: JWK[]): Promise<CheckResult> {
  const name = 'CLERK_JWT_KEY';
  if (!env.CLERK_JWT_KEY) return skipped(name, 'not set: session tokens are verified with the JWKS');
  const fix = `copy the PEM public key from ${CLERK_KEYS} → JWT public key into CLERK_JWT_KEY, or unset it.`;
  let jwk: JWK;
  try {
    jwk = await exportJWK(await importSPKI(env.CLERK_JWT_KEY.replace(/\\n/g, '\n'), 'RS256', { extractable: true }));
  } catch (error) {
    return problem(name, `is not an RSA public key in PEM form (${errorText(error)})`, fix);
  }
  const match = keys.find((key) => key.n === jwk.n && key.e === jwk.e);
  return match
    ? ok(name, `is the instance's key${match.kid ? ` (${match.kid})` : ''}`)
    : problem(name, "is not this instance's key (not in GET /v1/jwks): every session token would be refused", fix);
}

/** `Date` has one-second resolution: half a second is added so a true skew of 0 reads as ~0. */
export function clockCheck(dateHeader: string | null, localMs: number): CheckResult {
  const name = 'Clock';
  const clerkMs = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(clerkMs)) return skipped(name, "Clerk's answer had no Date header");
  const skew = clerkMs + 500 - localMs;
  const seconds = (Math.abs(skew) / 1000).toFixed(1);
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return ok(name, `within ${seconds} s of Clerk's`);
  return problem(
    name,
    `this machine is ${seconds} s ${skew > 0 ? 'behind' : 'ahead of'} Clerk: fresh tokens look expired or not yet valid`,
    'turn on time synchronisation (NTP) on this machine.',
  );
}

// Supabase (PostgREST behind the gateway)

interface RestAnswer {
  status: number;
  body: { code?: string; message?: string } | null;
}

async function rest(env: DoctorEnv, path: string, apikey: string | undefined, bearer?: string): Promise<RestAnswer> {
  const headers: Record<string, string> = {};
  if (apikey !== undefined) headers.apikey = apikey;
  if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(`${(env.SUPABASE_URL ?? '').replace(/\/+$/, '')}/rest/v1/${path}`, {
    headers,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as RestAnswer['body']) : null };
  } catch {
    return { status: response.status, body: { message: text.slice(0, 120) } };
  }
}

const TASKS_PROBE = 'tasks?select=id&limit=1';

function describeRest(answer: RestAnswer): string {
  const { code, message } = answer.body ?? {};
  return [String(answer.status), code, message].filter(Boolean).join(' ');
}

/** The project answers like Supabase, the anon key is accepted, and it is the anon key. */
export async function checkSupabase(env: DoctorEnv): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let bare: RestAnswer;
  try {
    bare = await rest(env, '', undefined);
  } catch (error) {
    return [
      problem(
        'SUPABASE_URL',
        `${env.SUPABASE_URL ?? ''} did not answer (${errorText(error)})`,
        `copy the Project URL from ${SUPABASE_API} (for the local stack: run \`npm run stack\`).`,
      ),
    ];
  }
  // Supabase's gateway refuses a request without apikey with 401 and names the missing key.
  if (bare.status !== 401 || !/api ?key/i.test(bare.body?.message ?? '')) {
    return [
      problem(
        'SUPABASE_URL',
        `${env.SUPABASE_URL ?? ''} does not answer like a Supabase project (/rest/v1/ without apikey: ${describeRest(bare)})`,
        `copy the Project URL (https://<ref>.supabase.co, no path) from ${SUPABASE_API}.`,
      ),
    ];
  }
  results.push(ok('SUPABASE_URL', `${env.SUPABASE_URL ?? ''} answers like a Supabase project`));

  const anonRole = jwtRole(env.SUPABASE_ANON_KEY);
  if (anonRole === 'service_role') {
    results.push(
      problem(
        'Supabase anon key',
        'SUPABASE_ANON_KEY is the service_role key: every request would bypass RLS',
        `copy the anon (public) key from ${SUPABASE_API} into SUPABASE_ANON_KEY.`,
      ),
    );
    return results;
  }
  const withAnon = await rest(env, '', env.SUPABASE_ANON_KEY);
  results.push(
    withAnon.status === 200
      ? ok('Supabase anon key', 'accepted')
      : problem(
          'Supabase anon key',
          `refused (${describeRest(withAnon)})`,
          `copy the anon (public) key of this project from ${SUPABASE_API} into SUPABASE_ANON_KEY.`,
        ),
  );
  return results;
}

const SIGNUPS = 'Supabase Auth sign-ups';

/**
 * What Supabase Auth's public settings say about sign-ups. Clerk signs users in, so Supabase Auth must
 * not: with sign-ups on (a new project's default) anyone holding the anon key can create a Supabase user
 * and get a JWT that PostgREST accepts as `authenticated`.
 */
export function signupCheck(status: number, settings: { disable_signup?: unknown } | null): CheckResult {
  if (status !== 200 || typeof settings?.disable_signup !== 'boolean')
    return skipped(SIGNUPS, `/auth/v1/settings answered ${status}: could not tell whether sign-ups are on`);
  if (settings.disable_signup) return ok(SIGNUPS, 'disabled: only Clerk signs users in');
  return problem(
    SIGNUPS,
    'enabled: anyone with the anon key can sign up to Supabase Auth and get a JWT that PostgREST accepts as ' +
      '"authenticated" (RLS keeps them out of others\' tasks, but they can fill storage and per-user caps)',
    'turn off "Allow new users to sign up" in Supabase Dashboard → Authentication → Sign In / Providers: this app ' +
      'signs users in with Clerk, never with Supabase Auth.',
  );
}

async function checkSignups(env: DoctorEnv): Promise<CheckResult> {
  try {
    const response = await fetch(`${(env.SUPABASE_URL ?? '').replace(/\/+$/, '')}/auth/v1/settings`, {
      headers: { apikey: env.SUPABASE_ANON_KEY ?? '' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => null)) as { disable_signup?: unknown } | null;
    return signupCheck(response.status, body);
  } catch (error) {
    return skipped(SIGNUPS, `/auth/v1/settings did not answer (${errorText(error)})`);
  }
}

function jwtRole(token: string | undefined): unknown {
  try {
    return token ? decodeJwt(token).role : undefined;
  } catch {
    return undefined;
  }
}

/** RLS, policies, function, grants and the migration journal, as db:push verifies them, read-only. */
export async function checkDatabase(env: DoctorEnv): Promise<CheckResult> {
  const name = 'Database schema';
  if (!env.DATABASE_URL) return skipped(name, 'DATABASE_URL not set');
  // Read-only by construction: the doctor must never change the database it examines.
  const sql = connect(env.DATABASE_URL, {
    max: 1,
    connect_timeout: 10,
    connection: { default_transaction_read_only: true },
  });
  try {
    const problems = [...(await verifyMigrationJournal(sql)), ...(await verifySchema(sql))];
    if (problems.length === 0)
      return ok(name, 'migrations applied; RLS, policies, function and grants as db:push expects');
    return problem(
      name,
      problems.join('; '),
      'restore them with the SQL in drizzle/ and run `npm run db:push` (never `drizzle-kit push`, which drops RLS).',
    );
  } catch (error) {
    return problem(
      name,
      `could not read the database (${errorText(error)})`,
      'use the connection string from Supabase Dashboard → Project Settings → Database as DATABASE_URL.',
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// Template and native modes: a real token, sent to PostgREST

interface TestSession {
  userId: string;
  sessionId: string;
}

type SessionOutcome = { session: TestSession } | { skippedBecause: string };

/** A throw-away user and session (Clerk allows creating sessions on development instances only). */
async function withTestSession<T>(env: DoctorEnv, run: (outcome: SessionOutcome) => Promise<T>): Promise<T> {
  const email = `doctor+${randomBytes(6).toString('hex')}@example.com`;
  const user = await bapi(env, 'POST', '/users', {
    email_address: [email],
    password: randomBytes(24).toString('base64url'),
    skip_password_checks: true,
  });
  const userId = (user.body as { id?: string } | null)?.id;
  if (user.status !== 200 || !userId)
    return run({ skippedBecause: `Clerk would not create a throw-away user (${clerkError(user)})` });
  try {
    const session = await bapi(env, 'POST', '/sessions', { user_id: userId });
    const sessionId = (session.body as { id?: string } | null)?.id;
    if (session.status !== 200 || !sessionId)
      return await run({
        skippedBecause: `Clerk creates test sessions on development instances only (${clerkError(session)})`,
      });
    return await run({ session: { userId, sessionId } });
  } finally {
    await bapi(env, 'DELETE', `/users/${userId}`).catch(() => undefined);
  }
}

interface TemplateJson {
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  custom_signing_key: boolean;
  signing_algorithm: string;
}

export function templateName(env: DoctorEnv): string {
  return env.CLERK_SUPABASE_TEMPLATE?.trim() || 'supabase';
}

const TEMPLATE_PAGE = (name: string) => `Clerk Dashboard → JWT templates → ${name}`;

/** The template's settings, then a token minted from it and sent to PostgREST. */
export async function checkTemplate(env: DoctorEnv, probeSupabase = true): Promise<CheckResult[]> {
  const name = templateName(env);
  const list = await bapi(env, 'GET', '/jwt_templates?limit=100');
  if (list.status !== 200)
    return [problem('JWT template', `could not list JWT templates (${clerkError(list)})`, 'check CLERK_SECRET_KEY.')];
  const templates = (
    Array.isArray(list.body) ? list.body : ((list.body as { data?: unknown[] }).data ?? [])
  ) as TemplateJson[];
  const template = templates.find((candidate) => candidate.name === name);
  if (!template) {
    const others = templates.map((candidate) => candidate.name).join(', ') || 'none';
    return [
      problem(
        'JWT template',
        `no template named "${name}" (templates: ${others})`,
        `create it in Clerk Dashboard → JWT templates → New → Supabase, named ${name}, or set CLERK_SUPABASE_TEMPLATE to its name.`,
      ),
    ];
  }
  const results: CheckResult[] = [];
  results.push(
    template.custom_signing_key && template.signing_algorithm === 'HS256'
      ? ok('JWT template', `"${name}" is HS256 with a custom signing key, lifetime ${template.lifetime} s`)
      : problem(
          'JWT template',
          `"${name}" is signed ${template.signing_algorithm} with ${template.custom_signing_key ? 'a custom' : "Clerk's own"} key`,
          `in ${TEMPLATE_PAGE(name)}, turn on "Custom signing key", choose HS256 and paste the Supabase JWT secret (${SUPABASE_API} → JWT secret).`,
        ),
  );
  const claimProblems = claimsProblems(template.claims);
  results.push(
    claimProblems.length === 0
      ? ok('Template claims', 'role and aud are "authenticated"; sub is left to Clerk')
      : problem(
          'Template claims',
          claimProblems.join('; '),
          `in ${TEMPLATE_PAGE(name)}, set claims to {"aud": "authenticated", "role": "authenticated", "email": "{{user.primary_email_address}}"}.`,
        ),
  );
  results.push(
    probeSupabase
      ? await withTestSession(env, (outcome) => templateTokenCheck(env, name, outcome))
      : skipped('Template token → Supabase', 'needs a working SUPABASE_URL and anon key'),
  );
  return results;
}

function claimsProblems(claims: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (claims.role !== 'authenticated')
    problems.push(
      claims.role === undefined
        ? 'no role claim: PostgREST runs the token as anon, which may read nothing'
        : `role is ${JSON.stringify(claims.role)}, not "authenticated"`,
    );
  const aud = claims.aud;
  if (aud !== 'authenticated' && !(Array.isArray(aud) && aud.includes('authenticated')))
    problems.push(aud === undefined ? 'no aud claim' : `aud is ${JSON.stringify(aud)}, not "authenticated"`);
  if ('sub' in claims) problems.push('sets sub: Clerk ignores it and the policies rely on the user id there');
  return problems;
}

async function templateTokenCheck(env: DoctorEnv, name: string, outcome: SessionOutcome): Promise<CheckResult> {
  const check = 'Template token → Supabase';
  if ('skippedBecause' in outcome) return skipped(check, outcome.skippedBecause);
  const minted = await bapi(env, 'POST', `/sessions/${outcome.session.sessionId}/tokens/${encodeURIComponent(name)}`);
  const jwt = (minted.body as { jwt?: string } | null)?.jwt;
  if (minted.status !== 200 || !jwt)
    return problem(
      check,
      `Clerk did not mint it (${clerkError(minted)})`,
      `open ${TEMPLATE_PAGE(name)} and save it again with a valid signing key.`,
    );
  const answer = await rest(env, TASKS_PROBE, env.SUPABASE_ANON_KEY, jwt);
  if (answer.status === 200) return ok(check, 'accepted by PostgREST: the signing key is the Supabase JWT secret');
  if (answer.body?.code === 'PGRST301')
    return problem(
      check,
      `PostgREST refused its signature (${describeRest(answer)}): the template is signed with another secret`,
      `paste the Supabase JWT secret (${SUPABASE_API} → JWT secret) as the signing key in ${TEMPLATE_PAGE(name)}.`,
    );
  return problem(
    check,
    `PostgREST answered ${describeRest(answer)}${jwtRole(jwt) === undefined ? ' (the token has no role claim, so it ran as anon)' : ''}`,
    `give the template the claim "role": "authenticated" in ${TEMPLATE_PAGE(name)}, and check the schema check below.`,
  );
}

/** Native mode: the Clerk session token itself must carry `role` and be trusted by Supabase. */
export async function checkNative(env: DoctorEnv): Promise<CheckResult[]> {
  return withTestSession(env, async (outcome) => {
    const check = 'Session token → Supabase';
    if ('skippedBecause' in outcome) return [skipped(check, outcome.skippedBecause)];
    const minted = await bapi(env, 'POST', `/sessions/${outcome.session.sessionId}/tokens`);
    const jwt = (minted.body as { jwt?: string } | null)?.jwt;
    if (minted.status !== 200 || !jwt)
      return [
        problem(
          check,
          `Clerk did not mint a session token (${clerkError(minted)})`,
          'check the instance in Clerk Dashboard → Sessions, then run the doctor again.',
        ),
      ];
    const results: CheckResult[] = [];
    const role = jwtRole(jwt);
    results.push(
      role === 'authenticated'
        ? ok('Session token role', 'carries role "authenticated"')
        : problem(
            'Session token role',
            role === undefined ? 'the session token has no role claim' : `role is ${JSON.stringify(role)}`,
            'in Clerk Dashboard → Integrations → Supabase, turn the integration on (it adds "role": "authenticated" to session tokens).',
          ),
    );
    const answer = await rest(env, TASKS_PROBE, env.SUPABASE_ANON_KEY, jwt);
    if (answer.status === 200) results.push(ok(check, 'accepted by PostgREST'));
    else if (answer.body?.code === 'PGRST301')
      results.push(
        problem(
          check,
          `Supabase does not trust Clerk's session tokens (${describeRest(answer)})`,
          'in Supabase Dashboard → Authentication → Third-party auth, add Clerk with your Clerk domain.',
        ),
      );
    else
      results.push(
        problem(
          check,
          `PostgREST answered ${describeRest(answer)}${role === undefined ? ' (no role claim: it ran as anon)' : ''}`,
          'turn on Clerk Dashboard → Integrations → Supabase so session tokens carry role, and check the schema check.',
        ),
      );
    return results;
  });
}

/** The user.deleted webhook needs a whsec_ secret and the service-role key; endpoints live in Svix. */
export async function checkWebhooks(env: DoctorEnv): Promise<CheckResult[]> {
  const secret = env.CLERK_WEBHOOK_SIGNING_SECRET?.trim();
  if (!secret)
    return [skipped('Webhook secret', 'CLERK_WEBHOOK_SIGNING_SECRET not set: deleted users keep their tasks')];
  const results: CheckResult[] = [];
  const where = 'Clerk Dashboard → Webhooks → your endpoint → Signing Secret';
  if (!/^whsec_[A-Za-z0-9+/]+=*$/.test(secret))
    results.push(
      problem(
        'Webhook secret',
        'CLERK_WEBHOOK_SIGNING_SECRET is not of the form whsec_<base64>',
        `copy it from ${where}.`,
      ),
    );
  else if (!env.SUPABASE_SERVICE_ROLE_KEY)
    results.push(
      problem(
        'Webhook secret',
        'SUPABASE_SERVICE_ROLE_KEY is not set: the webhook answers 503',
        `copy the service_role key from ${SUPABASE_API} into SUPABASE_SERVICE_ROLE_KEY (server-only).`,
      ),
    );
  else {
    const answer = await rest(env, '', env.SUPABASE_SERVICE_ROLE_KEY).catch(() => undefined);
    results.push(
      answer?.status === 200 && jwtRole(env.SUPABASE_SERVICE_ROLE_KEY) !== 'anon'
        ? ok('Webhook secret', 'whsec_ secret set; service_role key accepted')
        : problem(
            'Webhook secret',
            `SUPABASE_SERVICE_ROLE_KEY is not this project's service_role key (${answer ? describeRest(answer) : 'no answer'})`,
            `copy the service_role key from ${SUPABASE_API}.`,
          ),
    );
  }
  results.push(
    skipped(
      'Webhook endpoint',
      "Clerk's Backend API does not list webhook endpoints (Svix holds them): check Clerk Dashboard → Webhooks has <app>/api/webhooks/clerk with user.deleted",
    ),
  );
  return results;
}

/** Every check, in the order a person would fix them. */
export async function runDoctor(env: DoctorEnv, now: () => number = Date.now): Promise<CheckResult[]> {
  const missing = REQUIRED_KEYS.filter((key) => !env[key]?.trim());
  if (missing.length > 0)
    return [
      problem(
        'Environment',
        `${missing.join(', ')} not set`,
        `put them in .env.local (${CLERK_KEYS}; ${SUPABASE_API}), or start the local stack with \`npm run stack\`.`,
      ),
    ];
  const mode = env.CLERK_SUPABASE_AUTH?.trim() || 'template';
  if (mode !== 'template' && mode !== 'native')
    return [problem('Environment', `CLERK_SUPABASE_AUTH is "${mode}"`, 'set it to template or native, or unset it.')];
  const results: CheckResult[] = [];
  const clerk = await checkClerkKeys(env, now);
  results.push(...clerk.results);
  const supabase = await checkSupabase(env);
  results.push(...supabase);
  const supabaseWorks = supabase.every((result) => result.status === 'ok');
  if (supabaseWorks) results.push(await checkSignups(env));
  const modeCheck = mode === 'template' ? 'JWT template' : 'Session token → Supabase';
  if (!clerk.secretKeyWorks) results.push(skipped(modeCheck, 'needs a working CLERK_SECRET_KEY'));
  else if (mode === 'native' && !supabaseWorks)
    results.push(skipped(modeCheck, 'needs a working SUPABASE_URL and anon key'));
  else {
    try {
      results.push(...(mode === 'template' ? await checkTemplate(env, supabaseWorks) : await checkNative(env)));
    } catch (error) {
      results.push(problem(modeCheck, `Clerk stopped answering (${errorText(error)})`, 'run the doctor again.'));
    }
  }
  results.push(await checkDatabase(env));
  results.push(...(await checkWebhooks(env)));
  return results;
}

/** The report: one line per check, the fix indented under each problem, and a summary. */
export function formatReport(results: CheckResult[], header: string): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = [header];
  for (const result of results) {
    lines.push(`${result.status.padEnd(8)} ${result.name.padEnd(width)}  ${result.detail}`);
    if (result.fix) lines.push(`${' '.repeat(9 + width + 2)}fix: ${result.fix}`);
  }
  const count = (status: Status) => results.filter((result) => result.status === status).length;
  lines.push(`${count('problem')} problem(s), ${count('ok')} ok, ${count('skipped')} skipped`);
  return lines.join('\n');
}
