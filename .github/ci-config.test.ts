// The GitHub Actions workflow and supabase/config.toml cannot run here (no GitHub, no Docker), so their
// structure is asserted instead: parsed with `yaml`, and a line-based look at the TOML (no parser installed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../tools/project-root.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  strategy?: { matrix: Record<string, unknown[]> };
  services?: Record<string, { image: string; ports?: string[] }>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(projectRoot, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`job ${name} missing from ci.yml`);
  return found;
};
const runs = (steps: Step[]) => steps.map((step) => step.run ?? '');
const stepIndex = (steps: Step[], command: string) => runs(steps).findIndex((run) => run.trim() === command);

describe('.github/workflows/ci.yml', () => {
  it('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push?.branches).toEqual(['main']);
  });

  it('tests on Node 22 and 24 with a Postgres 15 service and DATABASE_URL pointing at it', () => {
    const test = job('test');
    expect(test.strategy?.matrix.node).toEqual([22, 24]);
    expect(test.services?.postgres?.image).toBe('postgres:15');
    expect(test.services?.postgres?.ports).toContain('5432:5432');
    expect(test.env?.DATABASE_URL).toMatch(/^postgres:\/\/postgres:postgres@localhost:5432\//);
    const setupNode = test.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toEqual({ 'node-version': '${{ matrix.node }}', cache: 'npm' });
    expect(test.steps[0]?.uses).toMatch(/^actions\/checkout@/);
  });

  it('installs, then typechecks, lints, guards drift, pushes and tests, in that order', () => {
    const steps = job('test').steps;
    const order = [
      'npm ci --no-audit --no-fund',
      'npm run format:check',
      'npm run typecheck',
      'npm run lint',
      'npm run db:check',
      'npm run db:push',
      'npm run test:unit',
      'npm run test:e2e',
      'npm run test:security',
    ].map((command) => stepIndex(steps, command));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const chromium = runs(steps).findIndex((run) => run.includes('chromium'));
    expect(chromium).toBeGreaterThan(stepIndex(steps, 'npm ci --no-audit --no-fund'));
    expect(chromium).toBeLessThan(stepIndex(steps, 'npm run test:unit'));
  });

  it('pushes the schema only on main, after the tests, in the protected environment, from the secret', () => {
    const push = job('schema-push');
    expect(push.needs).toBe('test');
    expect(push.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(push.environment).toBe('production');
    expect(push.env?.DATABASE_URL).toBe('${{ secrets.SUPABASE_DB_URL }}');
    expect(stepIndex(push.steps, 'npm ci --no-audit --no-fund')).toBeGreaterThanOrEqual(0);
    expect(stepIndex(push.steps, 'npm run db:push')).toBeGreaterThan(
      stepIndex(push.steps, 'npm ci --no-audit --no-fund'),
    );
  });

  it('skips the schema push with a message, not a failure, when the secret is absent', () => {
    const steps = job('schema-push').steps;
    const skip = steps.find((step) => step.if === "env.DATABASE_URL == ''");
    expect(skip?.run).toContain('SUPABASE_DB_URL is not set');
    expect(skip?.run).not.toMatch(/exit [1-9]/);
    // Every other step is guarded the other way, so nothing runs against an empty DATABASE_URL.
    for (const step of steps.filter((candidate) => candidate !== skip)) expect(step.if).toBe("env.DATABASE_URL != ''");
  });

  it('never gives pull requests the secret', () => {
    expect(JSON.stringify(job('test'))).not.toContain('secrets.');
  });
});

describe('.github/dependabot.yml', () => {
  interface Update {
    'package-ecosystem': string;
    schedule: { interval: string };
    groups?: Record<string, { patterns: string[] }>;
  }
  const config = parse(readFileSync(join(projectRoot, '.github/dependabot.yml'), 'utf8')) as { updates: Update[] };

  it('updates npm and GitHub Actions weekly, each in one grouped pull request', () => {
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.values(update.groups ?? {}).map((group) => group.patterns)).toEqual([['*']]);
    }
  });
});

describe('Node version', () => {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } };

  it('supports the maintained LTS lines: engines >=22, .nvmrc on one of them', () => {
    expect(pkg.engines.node).toBe('>=22');
    expect(['22', '24']).toContain(readFileSync(join(projectRoot, '.nvmrc'), 'utf8').trim());
  });
});

describe('supabase/config.toml', () => {
  const lines = readFileSync(join(projectRoot, 'supabase/config.toml'), 'utf8').split('\n');
  // key = value pairs per [section], ignoring comments: enough to catch a wrong port or a lost section.
  const sections = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = '';
  for (const raw of lines) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([\w.]+)\]$/.exec(line);
    if (header?.[1]) {
      current = header[1];
      expect(sections.has(current), `[${current}] appears twice`).toBe(false);
      sections.set(current, new Map());
    } else if (line) {
      const pair = /^(\w+)\s*=\s*(.+)$/.exec(line);
      expect(pair, `not a key = value line: ${raw}`).not.toBeNull();
      if (pair?.[1] && pair[2]) sections.get(current)?.set(pair[1], pair[2]);
    }
  }
  const value = (section: string, key: string) => sections.get(section)?.get(key);

  it('describes the same database: API on 54321, Postgres 15 on 54322', () => {
    expect(value('', 'project_id')).toBe('"clerk-supabase-tasks"');
    expect(value('api', 'port')).toBe('54321');
    expect(value('db', 'port')).toBe('54322');
    expect(value('db', 'major_version')).toBe('15');
  });

  it('leaves migrations to drizzle and Clerk third-party auth off until configured', () => {
    expect(value('db.migrations', 'enabled')).toBe('false');
    expect(value('auth.third_party.clerk', 'enabled')).toBe('false');
    expect(lines.join('\n')).toContain('npm run db:push');
  });
});
