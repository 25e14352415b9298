// The doctor against a fresh local stack: healthy, then each fault made on purpose, named by the doctor.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../db/db.ts';
import { startClerkEmulator } from '../local-stack/clerk-emulator/index.ts';
import { freePort } from '../local-stack/ports.ts';
import { startStack, type Stack } from '../local-stack/stack.ts';
import { projectRoot } from '../project-root.ts';
import { testStackOptions } from '../../tests/support/test-stack.ts';
import { clockCheck, runDoctor, signupCheck, type CheckResult, type DoctorEnv } from './checks.ts';
import { SUPABASE_TEMPLATE_CLAIMS } from '../local-stack/clerk-emulator/tokens.ts';

let stack: Stack;
let cleanup: () => Promise<void>;
let env: DoctorEnv;

beforeAll(async () => {
  const prepared = await testStackOptions('doctor', (port) => ({ port, webhookUrl: null }));
  cleanup = prepared.cleanup;
  stack = await startStack(prepared.options);
  env = { ...stack.env };
});

afterAll(async () => {
  await stack?.stop();
  await cleanup?.();
});

const problems = (results: CheckResult[]) => results.filter((result) => result.status === 'problem');

/** Exactly one problem, on the named check, whose text matches. */
async function expectOnlyProblem(changes: DoctorEnv, name: string, text: RegExp): Promise<CheckResult> {
  const found = problems(await runDoctor({ ...env, ...changes }));
  expect(found.map((result) => result.name)).toEqual([name]);
  expect(`${found[0]!.detail} ${found[0]!.fix ?? ''}`).toMatch(text);
  return found[0]!;
}

async function clerk(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${env.CLERK_API_URL!}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${env.CLERK_SECRET_KEY!}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const DEFAULT_TEMPLATE = () => ({
  name: 'supabase',
  claims: SUPABASE_TEMPLATE_CLAIMS,
  lifetime: 60,
  custom_signing_key: true,
  signing_algorithm: 'HS256',
  signing_key: env.SUPABASE_JWT_SECRET,
});

async function supabaseTemplateId(): Promise<string> {
  const list = (await clerk('GET', '/jwt_templates')) as unknown as { id: string; name: string }[];
  return list.find((template) => template.name === 'supabase')!.id;
}

/** Changes the supabase template for one test, then puts the default back. */
async function withTemplate(changes: Record<string, unknown>, run: () => Promise<void>): Promise<void> {
  const id = await supabaseTemplateId();
  await clerk('PATCH', `/jwt_templates/${id}`, { ...DEFAULT_TEMPLATE(), ...changes });
  try {
    await run();
  } finally {
    await clerk('PATCH', `/jwt_templates/${id}`, DEFAULT_TEMPLATE());
  }
}

describe('npm run doctor', () => {
  it('reports a healthy stack as all ok, and cleans up its throw-away user', async () => {
    const usersBefore = await clerk('GET', '/users/count');
    const results = await runDoctor(env);
    expect(problems(results)).toEqual([]);
    expect(results.filter((result) => result.status === 'skipped').map((result) => result.name)).toEqual([
      'Webhook endpoint',
    ]);
    expect(results.map((result) => result.name)).toEqual(
      expect.arrayContaining([
        'Template token → Supabase',
        'Database schema',
        'CLERK_JWT_KEY',
        'Clock',
        'Supabase Auth sign-ups',
      ]),
    );
    expect(await clerk('GET', '/users/count')).toEqual(usersBefore);
  });

  it('names a template signed with another secret', async () => {
    await withTemplate({ signing_key: 'another-secret-that-supabase-does-not-know' }, () =>
      expectOnlyProblem({}, 'Template token → Supabase', /PGRST301.*another secret/).then(() => undefined),
    );
  });

  it('names a template without the role claim', async () => {
    await withTemplate({ claims: { aud: 'authenticated' } }, async () => {
      const found = problems(await runDoctor(env));
      expect(found.map((result) => result.name)).toEqual(['Template claims', 'Template token → Supabase']);
      expect(found[0]!.detail).toMatch(/no role claim/);
      expect(found[1]!.detail).toMatch(/ran as anon/);
    });
  });

  it('names a missing template', async () => {
    await clerk('DELETE', `/jwt_templates/${await supabaseTemplateId()}`);
    try {
      await expectOnlyProblem({}, 'JWT template', /no template named "supabase"/);
    } finally {
      await clerk('POST', '/jwt_templates', DEFAULT_TEMPLATE());
    }
  });

  it('names a wrong secret key', async () => {
    const found = problems(await runDoctor({ ...env, CLERK_SECRET_KEY: 'sk_live_wrong' }));
    expect(found.map((result) => result.name)).toEqual(['Clerk secret key']);
    expect(found[0]!.detail).toMatch(/refused CLERK_SECRET_KEY \(401/);
  });

  it('names a wrong anon key', async () => {
    const forged = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('some-other-projects-jwt-secret-32-chars'));
    await expectOnlyProblem({ SUPABASE_ANON_KEY: forged }, 'Supabase anon key', /refused \(401/);
  });

  it('names a CLERK_JWT_KEY from another instance', async () => {
    const other = await exportSPKI((await generateKeyPair('RS256', { extractable: true })).publicKey);
    await expectOnlyProblem({ CLERK_JWT_KEY: other }, 'CLERK_JWT_KEY', /not this instance's key/);
  });

  it('names RLS disabled (what drizzle-kit push does) and a dropped policy', async () => {
    const admin = env.DATABASE_URL!;
    await withConnection(admin, (sql) => sql`alter table public.tasks disable row level security`);
    try {
      await expectOnlyProblem({}, 'Database schema', /row level security is DISABLED/);
    } finally {
      await withConnection(admin, (sql) => sql`alter table public.tasks enable row level security`);
    }
    const [policy] = await withConnection(
      admin,
      (sql) => sql<{ qual: string }[]>`
        select qual from pg_policies where tablename = 'tasks' and policyname = 'tasks_delete_own'`,
    );
    await withConnection(admin, (sql) => sql`drop policy tasks_delete_own on public.tasks`);
    try {
      await expectOnlyProblem({}, 'Database schema', /policy tasks_delete_own .* is missing/);
    } finally {
      await withConnection(admin, (sql) =>
        sql.unsafe(
          `create policy tasks_delete_own on public.tasks for delete to authenticated using (${policy!.qual})`,
        ),
      );
    }
  });

  it('names a malformed webhook secret', async () => {
    await expectOnlyProblem({ CLERK_WEBHOOK_SIGNING_SECRET: 'not-a-whsec' }, 'Webhook secret', /whsec_<base64>/);
  });

  it('names a clock more than 5 s off', () => {
    const date = new Date(Date.now()).toUTCString();
    expect(clockCheck(date, Date.parse(date) + 20_000)).toMatchObject({ status: 'problem' });
    expect(clockCheck(date, Date.parse(date) + 1_000)).toMatchObject({ status: 'ok' });
  });

  it('native mode: names session tokens without the role claim, and passes when Clerk adds it', async () => {
    // This stack's emulator runs without the Supabase integration (nativeSupabaseRole off).
    const found = problems(await runDoctor({ ...env, CLERK_SUPABASE_AUTH: 'native' }));
    expect(found.map((result) => result.name)).toEqual(['Session token role', 'Session token → Supabase']);
    expect(found[0]!.fix).toMatch(/Integrations → Supabase/);

    // The same instance (its key is in PostgREST's JWKS) with the integration on.
    const dataDir = await mkdtemp(join(tmpdir(), 'doctor-native-'));
    await copyFile(join(stack.dataDir, 'clerk', 'instance.json'), join(dataDir, 'instance.json'));
    const native = await startClerkEmulator({
      dataDir,
      port: await freePort(),
      supabaseJwtSecret: env.SUPABASE_JWT_SECRET!,
      nativeSupabaseRole: true,
      webhookUrl: null,
    });
    try {
      const results = await runDoctor({ ...env, ...native.env, CLERK_SUPABASE_AUTH: 'native' });
      expect(problems(results)).toEqual([]);
      expect(results.find((result) => result.name === 'Session token → Supabase')?.status).toBe('ok');
    } finally {
      await native.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('the CLI prints one line per check and exits 1 on a problem', async () => {
    const run = promisify(execFile)(join(projectRoot, 'node_modules/.bin/tsx'), ['tools/doctor/cli.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...stack.env, CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_!!' },
    });
    const failure = (await run.catch((error: unknown) => error)) as { code: number; stdout: string };
    expect(failure.code).toBe(1);
    const lines = failure.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^doctor: env from the process environment; template mode/);
    expect(lines.filter((line) => line.startsWith('problem'))).toEqual([
      expect.stringMatching(/^problem +Webhook secret/),
    ]);
    expect(lines.at(-1)).toMatch(/^1 problem\(s\), \d+ ok, 1 skipped$/);
    expect(lines.length).toBeLessThanOrEqual(20);
  }, 60_000);
});

describe('Supabase Auth sign-ups', () => {
  it('names sign-ups left on (a new hosted project’s default) and says where to turn them off', () => {
    const result = signupCheck(200, { disable_signup: false });
    expect(result.status).toBe('problem');
    expect(`${result.detail} ${result.fix}`).toMatch(/anon key.*authenticated.*Authentication → Sign In/);
    expect(signupCheck(200, { disable_signup: true }).status).toBe('ok');
    expect(signupCheck(404, null).status).toBe('skipped');
  });
});
