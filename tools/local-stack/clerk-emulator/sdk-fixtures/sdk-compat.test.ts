// Apps on older and current Clerk SDKs against the local stack, unchanged but for their env: a small app built
// like Clerk's Supabase example (app/), installed from the registry with @clerk/nextjs 6 (clerk-js 5,
// @clerk/backend 1.x) and with @clerk/nextjs 7 (clerk-js 6 + @clerk/ui), each from its committed package-lock.
// Slow (npm ci + next build per SDK): `npm run test:sdk-compat`, not part of `vitest run`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopGroup } from '../../../../tests/support/app-server.ts';
import { freePort } from '../../ports.ts';
import { startStack, type Stack } from '../../stack.ts';

const here = new URL('.', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const TOKEN_LIFETIME_SECONDS = 15;
const PASSWORD = 'correct-horse-battery';

let dataDir: string;
let stack: Stack;
let appUrl: string;
let browser: Browser;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code ?? 'null'}:\n${out}`)),
    );
  });
}

/**
 * The variant's own folder in the user's cache, installed with `npm ci` only when its lock changed: the
 * dependencies come from the registry once, not on every run. App sources are copied in fresh each time.
 */
async function prepareApp(variant: string): Promise<string> {
  const lock = await readFile(join(here, variant, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  const cacheRoot = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const dir = join(cacheRoot, 'clerk-supabase-tasks', 'sdk-fixtures', `${variant}-${hash}`);
  await mkdir(dir, { recursive: true });
  await cp(join(here, variant, 'package.json'), join(dir, 'package.json'));
  await cp(join(here, variant, 'package-lock.json'), join(dir, 'package-lock.json'));
  const installed = join(dir, 'node_modules', '.installed');
  if (!existsSync(installed)) {
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir, process.env);
    await writeFile(installed, hash);
  }
  await rm(join(dir, 'app'), { recursive: true, force: true });
  await rm(join(dir, '.next'), { recursive: true, force: true });
  await cp(join(here, 'app'), dir, { recursive: true });
  return dir;
}

async function startApp(dir: string): Promise<{ child: ChildProcess; log: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stack.env,
    // The example's names for the Supabase settings.
    NEXT_PUBLIC_SUPABASE_URL: stack.env.SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_KEY: stack.env.SUPABASE_ANON_KEY,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
  const next = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
  await run(process.execPath, [next, 'build'], dir, env);
  const child = spawn(process.execPath, [next, 'start', '-p', new URL(appUrl).port, '-H', 'localhost'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(`${appUrl}/favicon.ico`);
      return { child, log: () => out };
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`next start did not answer:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sdk-compat-'));
  appUrl = `http://localhost:${await freePort()}`;
  stack = await startStack({
    dataDir,
    gatewayPort: await freePort(),
    postgresPort: await freePort(),
    // Native Supabase third-party auth, as the example uses: session tokens carry role "authenticated".
    clerk: {
      port: await freePort(),
      appUrl,
      nativeSupabaseRole: true,
      webhookUrl: null,
      sessionTokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    },
  });
  const clerk = createClerkClient({ apiUrl: stack.env.CLERK_API_URL, secretKey: stack.env.CLERK_SECRET_KEY });
  for (const email of ['ada@example.com', 'bob@example.com'])
    await clerk.users.createUser({ emailAddress: [email], password: PASSWORD });
  const { chromium } = await import('@playwright/test');
  browser = await chromium.launch({
    executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
    args: ['--disable-background-networking', '--disable-component-update'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function newPage(problems: string[]): Promise<Page> {
  // The SDKs load clerk-js from https://<proxy host>, served with the emulator's local CA.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

async function signInWithButton(page: Page, email: string): Promise<string> {
  await page.goto(`${appUrl}/`);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/sign-in/);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${appUrl}/**`), page.click('button[type=submit]')]);
  await page.waitForSelector('#client-user:has-text("user_")', { timeout: 30_000 });
  const serverUser = (await page.textContent('#server-user')) ?? '';
  expect(serverUser).toMatch(/server-user:user_/);
  return serverUser.replace('server-user:', '');
}

async function browserTasks(page: Page): Promise<string[]> {
  // Rendered once loaded; an empty list has no height, so wait for it to be there rather than visible.
  await page.waitForSelector('#tasks', { state: 'attached', timeout: 30_000 });
  return page.locator('#tasks li').allTextContents();
}

async function addFromBrowser(page: Page, name: string): Promise<void> {
  await page.fill('input[name=name]', name);
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Add")')]);
}

for (const variant of ['nextjs6', 'nextjs7']) {
  describe(`@clerk/nextjs ${variant.slice(-1)} app against the local stack`, () => {
    let app: { child: ChildProcess; log: () => string } | undefined;

    beforeAll(async () => {
      app = await startApp(await prepareApp(variant));
    }, 600_000);

    afterAll(async () => {
      await stopGroup(app?.child);
    });

    it('signs in with <SignInButton />, lists and adds from the browser and a server action, survives an expired token, signs out with <UserButton />', async () => {
      const problems: string[] = [];
      const page = await newPage(problems);
      const userId = await signInWithButton(page, 'ada@example.com');
      expect(await page.textContent('#client-user')).toBe(`client-user:${userId}`);
      const before = await browserTasks(page);

      await addFromBrowser(page, `${variant} from the browser`);
      expect(await browserTasks(page)).toEqual([...before, `${variant} from the browser`]);

      await page.goto(`${appUrl}/ssr`);
      await page.fill('input[name=name]', `${variant} from a server action`);
      await page.click('button:has-text("Add")');
      await page.waitForSelector(`#server-tasks li:has-text("${variant} from a server action")`);

      // Past the session token's lifetime with no clerk-js running: the next document request refreshes it
      // through the handshake (https for @clerk/backend 1.x) before the server component reads the tasks.
      await page.goto('about:blank');
      await page.waitForTimeout((TOKEN_LIFETIME_SECONDS + 6) * 1000);
      await page.goto(`${appUrl}/ssr`);
      expect(await page.textContent('#server-user')).toBe(`server-user:${userId}`);
      expect(await page.locator('#server-tasks li').allTextContents()).toEqual([
        ...before,
        `${variant} from the browser`,
        `${variant} from a server action`,
      ]);

      await page.goto(`${appUrl}/`);
      await page.waitForSelector('.cl-userButtonTrigger', { timeout: 30_000 });
      await page.click('.cl-userButtonTrigger');
      await page.locator('.cl-userButtonPopoverActionButton__signOut').click();
      await page.waitForSelector('#client-user:has-text("client-user:none")', { timeout: 30_000 });
      await page.goto(`${appUrl}/`);
      expect(await page.textContent('#server-user')).toBe('server-user:none');
      // Past the ~6 s after which a failed clerk-js load would raise a page error.
      await page.waitForTimeout(7_000);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 180_000);

    it("keeps two users' tasks apart", async () => {
      const problems: string[] = [];
      const page = await newPage(problems);
      await signInWithButton(page, 'bob@example.com');
      const before = await browserTasks(page);
      expect(before.some((name) => name.startsWith(variant))).toBe(false);
      await addFromBrowser(page, `${variant} bob's`);
      expect(await browserTasks(page)).toEqual([...before, `${variant} bob's`]);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 120_000);
  });
}
