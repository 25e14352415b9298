// End-to-end: the real @clerk/nextjs middleware in a tiny Next app (fixture-app/) against the emulator.
// Plain HTTP with a cookie jar = a browser with JavaScript disabled; plus a Chromium check for clerk-js.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { decodeJwt, importPKCS8, jwtVerify, SignJWT } from 'jose';
import { stopGroup } from '../../../tests/support/app-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports.ts';
import { startClerkEmulator, type ClerkEmulator } from './index.ts';
import { BrowserlessClient } from '../../../tests/support/clerk-emulator/browserless-client.ts';
import type { Locator, Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');
const fixtureDir = new URL('./fixture-app', import.meta.url).pathname;
const supabaseJwtSecret = 'fixture-supabase-jwt-secret-with-32-plus-chars';
const CHROMIUM = '/usr/bin/chromium';

let dataDir: string;
let emulator: ClerkEmulator;
let clerk: ReturnType<typeof createClerkClient>;
let appUrl: string;
let emulatorBrowserUrl: string;
let server: ChildProcess | undefined;
let serverLog = '';

/**
 * Fills a clerk-js form and submits it until `next` shows. On a busy machine clerk-js can still be
 * settling the form (its environment and client arrive after the first paint) when it is filled, and
 * the submit is lost; a retry types the same values again.
 */
async function submitUntil(page: Page, next: Locator, fill: () => Promise<void>): Promise<void> {
  for (let attempt = 1; !(await next.isVisible()); attempt++) {
    await fill();
    await page.click('button.cl-formButtonPrimary');
    const moved = await next.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!moved && attempt === 3) throw new Error('the clerk-js form did not move on after 3 submits');
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`next ${args[0] ?? ''} exited ${code ?? 'null'}:\n${out}`)),
    );
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${url} did not answer:\n${serverLog}`);
}

function serverUser(body: string): string | undefined {
  return /server-user:([A-Za-z0-9_]+)/.exec(body)?.[1];
}

async function backendCounters(): Promise<Record<string, number>> {
  return (
    (await (await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/counters`)).json()) as {
      backend: Record<string, number>;
    }
  ).backend;
}

async function resetCounters(): Promise<void> {
  await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/counters/reset`, { method: 'POST' });
}

/** A correctly signed but expired session token, and a matching old __client_uat. */
async function expiredCookies(sessionToken: string): Promise<{ token: string; clientUat: string }> {
  const stored = JSON.parse(await readFile(join(dataDir, 'instance.json'), 'utf8')) as {
    kid: string;
    privateKeyPem: string;
  };
  const claims = decodeJwt(sessionToken);
  const past = Math.floor(Date.now() / 1000) - 300;
  const token = await new SignJWT({ azp: claims.azp, sid: claims.sid, sts: 'active', v: 2 })
    .setProtectedHeader({ alg: 'RS256', kid: stored.kid, typ: 'JWT' })
    .setSubject(claims.sub ?? '')
    .setIssuer(claims.iss ?? '')
    .setIssuedAt(past)
    .setNotBefore(past - 10)
    .setExpirationTime(past + 60)
    .sign(await importPKCS8(stored.privateKeyPem, 'RS256'));
  return { token, clientUat: String(past) };
}

function setAppSessionCookies(client: BrowserlessClient, token: string, clientUat: string): void {
  for (const [name, value] of client.cookies('localhost')) {
    if (name.startsWith('__session')) client.setCookie('localhost', name, token);
    if (name.startsWith('__client_uat')) client.setCookie('localhost', name, clientUat);
    void value;
  }
}

async function signInWithoutJs(client: BrowserlessClient, email: string, password: string) {
  return client.navigate(`${emulatorBrowserUrl}/sign-in`, { form: { email, password, redirect_url: `${appUrl}/` } });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clerk-emulator-fixture-'));
  const appPort = await freePort();
  appUrl = `http://localhost:${appPort}`;
  emulator = await startClerkEmulator({ dataDir, port: await freePort(), supabaseJwtSecret, appUrl });
  emulatorBrowserUrl = emulator.env.NEXT_PUBLIC_CLERK_PROXY_URL as string;
  clerk = createClerkClient({ apiUrl: emulator.env.CLERK_API_URL, secretKey: emulator.env.CLERK_SECRET_KEY });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...emulator.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
  // NEXT_PUBLIC_* are inlined at build time, and the ports are fresh each run: build per run (~15 s).
  await run(['build', fixtureDir], env);
  // Bind the hostname the browser uses: with `-H 127.0.0.1` and requests for localhost, Next treats
  // clerkMiddleware's same-URL rewrite as external and proxies it to itself in a loop.
  const started = spawn(process.execPath, [nextBin, 'start', fixtureDir, '-p', String(appPort), '-H', 'localhost'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server = started;
  started.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
  started.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
  await waitForHttp(`${appUrl}/favicon.ico`, 30_000);
  await clerk.users.createUser({
    emailAddress: ['ada@example.com'],
    password: 'correct-horse-battery',
    firstName: 'Ada',
  });
}, 180_000);

afterAll(async () => {
  await stopGroup(server); // the whole group: next start forks next-server
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Clerk emulator with @clerk/nextjs (JavaScript disabled)', () => {
  it('refuses a wrong password: error shown, no session', async () => {
    const client = new BrowserlessClient();
    const { response, body } = await signInWithoutJs(client, 'ada@example.com', 'wrong-password');
    expect(response.status).toBe(422);
    expect(body).toContain('Incorrect email address or password.');
    expect(client.cookies('localhost').has('__emulator_client')).toBe(false);
    const page = await client.navigate(`${appUrl}/`);
    expect(serverUser(page.body)).toBe('none');
  });

  it('signs in through the hosted page and the handshake, then stays signed in without network calls', async () => {
    const client = new BrowserlessClient();
    expect(serverUser((await client.navigate(`${appUrl}/`)).body)).toBe('none');

    const { response, hops, body } = await signInWithoutJs(client, 'ada@example.com', 'correct-horse-battery');
    expect(response.status).toBe(200);
    expect(hops.map((h) => h.status)).toEqual([303, 307, 200]);
    expect(hops[1]?.location).toContain('__clerk_handshake_nonce=');
    const user = (await clerk.users.getUserList({ emailAddress: ['ada@example.com'] })).data[0];
    expect(serverUser(body)).toBe(user?.id);
    const cookies = client.cookies('localhost');
    expect(cookies.get('__session')).toBeTruthy();
    expect(Number(cookies.get('__client_uat'))).toBeGreaterThan(0);

    await resetCounters();
    expect(serverUser((await client.navigate(`${appUrl}/`)).body)).toBe(user?.id);
    expect(await backendCounters()).toEqual({});

    const tokenResponse = await client.request(`${appUrl}/token`);
    const { token } = (await tokenResponse.json()) as { token: string };
    const { payload } = await jwtVerify(token, new TextEncoder().encode(supabaseJwtSecret), {
      audience: 'authenticated',
    });
    expect(payload.sub).toBe(user?.id);
    expect((await backendCounters())['POST /v1/sessions/:id/tokens/:template']).toBe(1);
  });

  it('refreshes an expired session token through the handshake on a document GET', async () => {
    const client = new BrowserlessClient();
    const signedIn = await signInWithoutJs(client, 'ada@example.com', 'correct-horse-battery');
    const userId = serverUser(signedIn.body);
    const expired = await expiredCookies(client.cookies('localhost').get('__session') ?? '');
    setAppSessionCookies(client, expired.token, expired.clientUat);

    const { hops, body } = await client.navigate(`${appUrl}/`);
    expect(hops[0]?.location).toMatch(new RegExp(`^${emulatorBrowserUrl}/v1/client/handshake\\?`));
    expect(hops.map((h) => h.status)).toEqual([307, 307, 200]);
    expect(serverUser(body)).toBe(userId);
    const fresh = decodeJwt(client.cookies('localhost').get('__session') ?? '');
    expect(fresh.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('also accepts the signed handshake JWT format (verified with jwtKey)', async () => {
    const client = new BrowserlessClient();
    const signedIn = await signInWithoutJs(client, 'ada@example.com', 'correct-horse-battery');
    const start = await client.request(
      `${emulatorBrowserUrl}/v1/client/handshake?${new URLSearchParams({ redirect_url: `${appUrl}/` }).toString()}`,
    );
    const location = start.headers.get('location') ?? '';
    expect(location).toContain('__clerk_handshake=');
    const fresh = new BrowserlessClient();
    const { body } = await fresh.navigate(location);
    expect(serverUser(body)).toBe(serverUser(signedIn.body));
  });

  it('signs out through the hosted page (the handshake clears the app cookies)', async () => {
    const client = new BrowserlessClient();
    await signInWithoutJs(client, 'ada@example.com', 'correct-horse-battery');
    const { hops, body } = await client.navigate(`${emulatorBrowserUrl}/sign-out`, {
      form: { redirect_url: `${appUrl}/` },
    });
    expect(hops.map((h) => h.status)).toEqual([303, 307, 200]);
    expect(serverUser(body)).toBe('none');
    expect(client.cookies('localhost').has('__session')).toBe(false);
    expect(client.cookies('localhost').get('__client_uat')).toBe('0');
    expect(serverUser((await client.navigate(`${appUrl}/`)).body)).toBe('none');
  });

  it('signs the browser out at the next handshake once the session is revoked', async () => {
    const client = new BrowserlessClient();
    const signedIn = await signInWithoutJs(client, 'ada@example.com', 'correct-horse-battery');
    const sid = decodeJwt(client.cookies('localhost').get('__session') ?? '').sid as string;
    expect(serverUser(signedIn.body)).not.toBe('none');
    await clerk.sessions.revokeSession(sid);
    const expired = await expiredCookies(client.cookies('localhost').get('__session') ?? '');
    setAppSessionCookies(client, expired.token, expired.clientUat);
    expect(serverUser((await client.navigate(`${appUrl}/`)).body)).toBe('none');
  });

  it('never redirects off the app origin', async () => {
    const client = new BrowserlessClient();
    const { hops } = await client.navigate(`${emulatorBrowserUrl}/sign-in`, {
      form: { email: 'ada@example.com', password: 'correct-horse-battery', redirect_url: 'https://evil.example/' },
    });
    expect(hops.at(-1)?.url.startsWith(`${appUrl}/`)).toBe(true);
    const handshake = await client.request(
      `${emulatorBrowserUrl}/v1/client/handshake?redirect_url=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(handshake.status).toBe(400);
  });
});

describe.runIf(existsSync(CHROMIUM))('Clerk emulator with clerk-js in Chromium', () => {
  it('loads clerk-js and @clerk/ui from the emulator, stays signed in with no page error, and signs out', async () => {
    const { chromium } = await import('@playwright/test');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await browser.newPage({ ignoreHTTPSErrors: true });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${emulatorBrowserUrl}/sign-in?redirect_url=${encodeURIComponent(`${appUrl}/`)}`);
      await page.fill('#email', 'ada@example.com');
      await page.fill('#password', 'correct-horse-battery');
      await Promise.all([page.waitForURL(`${appUrl}/**`), page.click('button[type=submit]')]);
      const userId = serverUser(await page.content());
      expect(userId).toMatch(/^user_/);
      await page.waitForSelector(`text=client-user:${userId ?? ''}`, { timeout: 20_000 });
      const token = await page.evaluate(async () =>
        (window as unknown as { Clerk: { session: { getToken(o: object): Promise<string> } } }).Clerk.session.getToken({
          skipCache: true,
        }),
      );
      expect(decodeJwt(token).sub).toBe(userId);
      // Past the ~6 s after which a failed clerk-js load would raise failed_to_load_clerk_js.
      await page.waitForTimeout(7_000);
      expect(pageErrors).toEqual([]);

      await page.evaluate(async () => (window as unknown as { Clerk: { signOut(): Promise<void> } }).Clerk.signOut());
      await page.goto(`${appUrl}/`);
      expect(serverUser(await page.content())).toBe('none');
      await page.waitForSelector('text=client-user:none', { timeout: 20_000 });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
  it('signs up with <SignUp />, signs out through <UserButton />, signs in with <SignIn />; tokens stay fresh', async () => {
    const { chromium } = await import('@playwright/test');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await browser.newPage({ ignoreHTTPSErrors: true });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        // The fixture app has no favicon; Chromium's request for it is the only expected 404.
        if (message.type() === 'error' && !message.text().includes('404')) problems.push(`console: ${message.text()}`);
      });
      const email = 'lin@example.com';
      const password = 'a-sturdy-passphrase';

      await page.goto(`${appUrl}/sign-up`);
      await submitUntil(page, page.locator('text=Verify your email').first(), async () => {
        await page.fill('input[name=emailAddress]', email);
        await page.fill('input[name=password]', password);
      });
      const admin = await (await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/admin`)).text();
      const code = /class="verification-code">(\d{6})</.exec(admin)?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);
      await page.locator('input').first().focus();
      await page.keyboard.type(code);
      const user = await (async () => {
        for (let i = 0; i < 100; i++) {
          const found = (await clerk.users.getUserList({ emailAddress: [email] })).data[0];
          if (found) return found;
          await new Promise((r) => setTimeout(r, 200));
        }
        return undefined;
      })();
      const userId = user?.id ?? '';
      expect(userId).toMatch(/^user_/);
      // clerk-js navigates client-side to "/": the server must render that navigation signed in.
      await page.waitForURL(`${appUrl}/`, { timeout: 20_000 });
      await page.waitForSelector(`text=server-user:${userId}`, { timeout: 20_000 });
      await page.waitForSelector(`text=client-user:${userId}`);
      await page.locator('.cl-userButtonTrigger').waitFor({ timeout: 20_000 });

      // Session tokens come fresh from the Frontend API's tokens endpoint.
      const sid = (await clerk.sessions.getSessionList({ userId })).data.find((s) => s.status === 'active')?.id ?? '';
      await resetCounters();
      const tokens = await page.evaluate(async () => {
        const clerkJs = (window as unknown as { Clerk: { session: { getToken(o: object): Promise<string> } } }).Clerk;
        const first = await clerkJs.session.getToken({ skipCache: true });
        await new Promise((r) => setTimeout(r, 1100));
        return [first, await clerkJs.session.getToken({ skipCache: true })];
      });
      const frontend = (
        (await (await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/counters`)).json()) as {
          frontend: Record<string, number>;
        }
      ).frontend;
      expect(frontend['POST /v1/client/sessions/:id/tokens']).toBe(2);
      const [first, second] = tokens.map((t) => decodeJwt(t));
      expect(first?.sid).toBe(sid);
      expect(second?.sub).toBe(userId);
      expect(second?.iat).toBeGreaterThan(first?.iat ?? Infinity);

      // Sign out through the UserButton menu: the session ends at Clerk and "/" renders signed out.
      await page.click('.cl-userButtonTrigger');
      await page.click('.cl-userButtonPopoverActionButton__signOut');
      await page.waitForSelector('text=client-user:none', { timeout: 20_000 });
      expect((await clerk.sessions.getSession(sid)).status).toBe('ended');
      await page.goto(`${appUrl}/`);
      expect(serverUser(await page.content())).toBe('none');

      // Sign back in with <SignIn />, email then password.
      await page.goto(`${appUrl}/sign-in`);
      await submitUntil(page, page.locator('input[name=password]'), () => page.fill('input[name=identifier]', email));
      await page.locator('input[name=password]').fill(password);
      await page.click('button.cl-formButtonPrimary');
      await page.waitForURL(`${appUrl}/`, { timeout: 20_000 });
      await page.waitForSelector(`text=server-user:${userId}`, { timeout: 20_000 });
      await page.locator('.cl-userButtonTrigger').waitFor({ timeout: 20_000 });
      await page.reload();
      expect(serverUser(await page.content())).toBe(userId);
      await page.locator('.cl-userButtonTrigger').waitFor({ timeout: 20_000 });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 150_000);
});
