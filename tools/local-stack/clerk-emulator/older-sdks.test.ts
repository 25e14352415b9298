// What SDKs older than the pinned ones need from the emulator: the clerk-js major they ask for, TLS on the
// proxy's host:port (the default clerk-js URL and @clerk/backend 1.x's handshake are always https), the JWT
// handshake format, and __client_uat set by the Frontend API itself.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports.ts';
import { startClerkEmulator, type ClerkEmulator } from './index.ts';
import { cookieSuffixFor } from './instance.ts';

let dataDir: string;
let emulator: ClerkEmulator;
let port: number;
let appUrl: string;
let ca: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clerk-emulator-older-sdks-'));
  port = await freePort();
  appUrl = `http://localhost:${await freePort()}`;
  emulator = await startClerkEmulator({
    dataDir,
    port,
    appUrl,
    supabaseJwtSecret: 'older-sdks-test-secret-with-32-plus-characters',
  });
  ca = await readFile(emulator.env.CLERK_EMULATOR_CA_CERT ?? '', 'utf8');
  await createClerkClient({
    apiUrl: emulator.env.CLERK_API_URL,
    secretKey: emulator.env.CLERK_SECRET_KEY,
  }).users.createUser({ emailAddress: ['grace@example.com'], password: 'correct-horse-battery' });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** GET over TLS, verified against the emulator's own CA (so the certificate must name the host). */
function httpsGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { ca, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

function cookieValue(lines: string[], name: string): string | undefined {
  const line = lines.find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

describe('clerk-js bundles by major', () => {
  it('serves clerk-js 5 and 6 and @clerk/ui 1 at the paths the SDKs build, and says what it has otherwise', async () => {
    const v5 = await fetch(`${emulator.url}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`);
    expect(v5.status).toBe(200);
    expect(await v5.text()).toContain('5.128.0');
    const v6 = await fetch(`${emulator.url}/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js`, { method: 'HEAD' });
    expect(v6.status).toBe(200);
    expect((await fetch(`${emulator.url}/npm/@clerk/ui@1/dist/ui.browser.js`, { method: 'HEAD' })).status).toBe(200);
    const v4 = await fetch(`${emulator.url}/npm/@clerk/clerk-js@4/dist/clerk.browser.js`);
    expect(v4.status).toBe(404);
    expect(await v4.text()).toMatch(/serves @clerk\/clerk-js 5\.\d+\.\d+, 6\.\d+\.\d+/);
  });

  it('prints no clerk-js or UI URL, so each SDK builds its own major against the proxy host', () => {
    expect(emulator.env.NEXT_PUBLIC_CLERK_JS_URL).toBeUndefined();
    expect(emulator.env.NEXT_PUBLIC_CLERK_UI_URL).toBeUndefined();
    expect(emulator.env.NEXT_PUBLIC_CLERK_PROXY_URL).toBe(`http://localhost:${port}`);
  });
});

describe('https on the same port', () => {
  it('answers https://localhost, 127.0.0.1 and the bundle path with a certificate from its local CA', async () => {
    const bundle = await httpsGet(`https://localhost:${port}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers['access-control-allow-origin']).toBe('*');
    expect((await httpsGet(`https://127.0.0.1:${port}/v1/environment`)).status).toBe(200);
    // Plain http still works on the same port.
    expect((await fetch(`${emulator.url}/v1/environment`)).status).toBe(200);
  });

  it('keeps the CA and certificate across restarts', async () => {
    const before = await readFile(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    await emulator.stop();
    emulator = await startClerkEmulator({
      dataDir,
      port,
      appUrl,
      supabaseJwtSecret: 'older-sdks-test-secret-with-32-plus-characters',
    });
    expect(await readFile(join(dataDir, 'tls', 'cert.pem'), 'utf8')).toBe(before);
  });
});

describe('hosted pages and __client_uat', () => {
  const suffix = () => cookieSuffixFor(emulator.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? '');
  const browser = () => `http://localhost:${port}`;

  async function signIn(): Promise<{ client: string; lines: string[] }> {
    const response = await fetch(`${browser()}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'grace@example.com',
        password: 'correct-horse-battery',
        redirect_url: `${appUrl}/`,
      }).toString(),
    });
    expect(response.status).toBe(303);
    const lines = setCookies(response);
    return { client: `__emulator_client=${cookieValue(lines, '__emulator_client') ?? ''}`, lines };
  }

  it('sets __client_uat (plain and suffixed) on the app hostname at sign-in and resets it at sign-out', async () => {
    const { client, lines } = await signIn();
    const uat = Number(cookieValue(lines, '__client_uat'));
    expect(uat).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(cookieValue(lines, `__client_uat_${suffix()}`)).toBe(String(uat));
    expect(lines.find((l) => l.startsWith('__client_uat='))).toMatch(/Domain=localhost; Max-Age=\d+; SameSite=Lax/);

    const out = await fetch(`${browser()}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: client },
      body: new URLSearchParams({ redirect_url: `${appUrl}/` }).toString(),
    });
    expect(cookieValue(setCookies(out), '__client_uat')).toBe('0');
    expect(cookieValue(setCookies(out), `__client_uat_${suffix()}`)).toBe('0');
  });

  it('sets __client_uat from the Frontend API: password sign-in with clerk-js, then DELETE /v1/client', async () => {
    const headers = { Origin: appUrl, 'Content-Type': 'application/x-www-form-urlencoded' };
    const started = await fetch(`${browser()}/v1/client/sign_ins`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ identifier: 'grace@example.com' }).toString(),
    });
    const client = `__emulator_client=${cookieValue(setCookies(started), '__emulator_client') ?? ''}`;
    expect(cookieValue(setCookies(started), '__client_uat')).toBeUndefined();
    const { response } = (await started.json()) as { response: { id: string } };
    const attempt = await fetch(`${browser()}/v1/client/sign_ins/${response.id}/attempt_first_factor`, {
      method: 'POST',
      headers: { ...headers, Cookie: client },
      body: new URLSearchParams({ strategy: 'password', password: 'correct-horse-battery' }).toString(),
    });
    expect(attempt.status).toBe(200);
    expect(Number(cookieValue(setCookies(attempt), '__client_uat'))).toBeGreaterThan(0);

    // Not on 127.0.0.1: that is another site than the app's localhost.
    const touched = await fetch(`${emulator.url}/v1/client`, { headers: { Origin: appUrl, Cookie: client } });
    expect(cookieValue(setCookies(touched), '__client_uat')).toBeUndefined();

    const out = await fetch(`${browser()}/v1/client?_method=DELETE`, {
      method: 'POST',
      headers: { Origin: appUrl, Cookie: client },
    });
    expect(out.status).toBe(200);
    expect(cookieValue(setCookies(out), '__client_uat')).toBe('0');
  });

  it('answers a handshake without format=nonce (as @clerk/backend 1.x sends it, over https) with a signed JWT', async () => {
    const { client } = await signIn();
    const query = new URLSearchParams({ redirect_url: `${appUrl}/tasks`, suffixed_cookies: 'false' });
    const answer = await httpsGet(`https://localhost:${port}/v1/client/handshake?${query.toString()}`, {
      Cookie: client,
    });
    expect(answer.status).toBe(307);
    const location = new URL(String(answer.headers.location));
    expect(location.origin + location.pathname).toBe(`${appUrl}/tasks`);
    const token = location.searchParams.get('__clerk_handshake') ?? '';
    const key = await importSPKI(emulator.env.CLERK_JWT_KEY ?? '', 'RS256');
    const { payload } = await jwtVerify(token, key);
    const directives = payload.handshake as string[];
    expect(directives.some((d) => d.startsWith('__session=ey'))).toBe(true);
    expect(Number(cookieValue(directives, '__client_uat'))).toBeGreaterThan(0);
  });

  it('reads redirect_url from the hash on the sign-in page, and serves a favicon', async () => {
    const page = await (await fetch(`${browser()}/sign-in`)).text();
    expect(page).toContain('location.hash');
    expect(page).toContain(`name="redirect_url" value="${appUrl}/"`);
    const icon = await fetch(`${browser()}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });
});
