// The emulator's outgoing webhooks, received by a real HTTP endpoint and verified with the svix
// library exactly as the app verifies them.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { Webhook } from 'svix';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports.ts';
import { startClerkEmulator, type ClerkEmulator } from './index.ts';
import type { WebhookDelivery } from './webhooks.ts';

const supabaseJwtSecret = 'test-supabase-jwt-secret-with-at-least-32-chars';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An endpoint that answers each request with the next status in `statuses` (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function deliveries(emulator: ClerkEmulator): Promise<WebhookDelivery[]> {
  const response = await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/webhooks`);
  return ((await response.json()) as { deliveries: WebhookDelivery[] }).deliveries;
}

async function settled(emulator: ClerkEmulator, count: number): Promise<WebhookDelivery[]> {
  for (let i = 0; i < 100; i++) {
    const list = await deliveries(emulator);
    if (list.length >= count && list.every((d) => d.state !== 'pending')) return list;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`deliveries did not settle: ${JSON.stringify(await deliveries(emulator))}`);
}

function svixHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    'svix-id': String(headers['svix-id']),
    'svix-timestamp': String(headers['svix-timestamp']),
    'svix-signature': String(headers['svix-signature']),
  };
}

let dataDir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clerk-webhooks-test-'));
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function start(options: { webhookUrl: string | null; webhookRetryDelaysMs?: number[]; dir?: string }) {
  const emulator = await startClerkEmulator({
    dataDir: options.dir ?? dataDir,
    port: await freePort(),
    supabaseJwtSecret,
    ...options,
  });
  cleanups.push(() => emulator.stop());
  const clerk = createClerkClient({ apiUrl: emulator.env.CLERK_API_URL, secretKey: emulator.env.CLERK_SECRET_KEY });
  return { emulator, clerk };
}

describe('Clerk emulator webhooks', () => {
  it('sends a Svix-signed user.deleted when the Backend API deletes a user', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.stop);
    const { emulator, clerk } = await start({ webhookUrl: receiver.url });
    expect(emulator.env.CLERK_WEBHOOK_SIGNING_SECRET).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const user = await clerk.users.createUser({ emailAddress: ['gone@example.test'] });
    await clerk.users.deleteUser(user.id);
    const [delivery] = await settled(emulator, 1);

    expect(delivery).toMatchObject({
      type: 'user.deleted',
      state: 'delivered',
      endpoint: receiver.url,
      attempts: [{ status: 200 }],
    });
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['svix-id']).toBe(delivery!.id);
    // Throws unless the signature is valid for this secret, body and a fresh timestamp.
    new Webhook(emulator.env.CLERK_WEBHOOK_SIGNING_SECRET!).verify(body, svixHeaders(headers));
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret, 24 bytes!').toString('base64')}`).verify(
        body,
        svixHeaders(headers),
      ),
    ).toThrow(/signature/i);
    expect(JSON.parse(body)).toMatchObject({
      object: 'event',
      type: 'user.deleted',
      data: { id: user.id, deleted: true, object: 'user' },
    });
  });

  it('sends user.deleted when a user is deleted on the admin page', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.stop);
    const { emulator, clerk } = await start({ webhookUrl: receiver.url });
    const user = await clerk.users.createUser({ emailAddress: ['admin-delete@example.test'] });

    const response = await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/admin/users/${user.id}/delete`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const list = await settled(emulator, 1);
    expect(list.at(-1)).toMatchObject({ type: 'user.deleted', state: 'delivered', payload: { data: { id: user.id } } });
  });

  it('retries a failed delivery with the same message id and a fresh signature, then gives up', async () => {
    const receiver = await startReceiver([500, 503]);
    cleanups.push(receiver.stop);
    const { emulator, clerk } = await start({ webhookUrl: receiver.url, webhookRetryDelaysMs: [20, 20, 20] });
    await fetch(`${emulator.env.CLERK_EMULATOR_URL}/__emulator/webhooks/reset`, { method: 'POST' });
    const user = await clerk.users.createUser({ emailAddress: ['retry@example.test'] });
    await clerk.users.deleteUser(user.id);
    const [delivery] = await settled(emulator, 1);
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(delivery!.state).toBe('delivered');
    expect(new Set(receiver.received.map((r) => r.headers['svix-id']))).toEqual(new Set([delivery!.id]));
    for (const r of receiver.received)
      new Webhook(emulator.env.CLERK_WEBHOOK_SIGNING_SECRET!).verify(r.body, svixHeaders(r.headers));

    // An endpoint that is never reachable: every attempt is recorded, then the delivery fails.
    await emulator.stop();
    const unreachable = await start({
      webhookUrl: `http://127.0.0.1:${await freePort()}/hook`,
      webhookRetryDelaysMs: [10, 10],
    });
    const other = await unreachable.clerk.users.createUser({ emailAddress: ['unreachable@example.test'] });
    await unreachable.clerk.users.deleteUser(other.id);
    const failed = (await settled(unreachable.emulator, 1)).find(
      (d) => d.payload.data && (d.payload.data as { id: string }).id === other.id,
    );
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed!.attempts).toHaveLength(3);
    expect(failed!.attempts.every((a) => a.status === null && a.error)).toBe(true);
  });

  it('records but does not send when no endpoint is set, and keeps the secret across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clerk-webhooks-secret-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await start({ webhookUrl: null, dir });
    const user = await first.clerk.users.createUser({ emailAddress: ['nowhere@example.test'] });
    await first.clerk.users.deleteUser(user.id);
    expect(await deliveries(first.emulator)).toMatchObject([{ type: 'user.deleted', state: 'skipped', attempts: [] }]);
    const secret = first.emulator.env.CLERK_WEBHOOK_SIGNING_SECRET;
    await first.emulator.stop();

    const second = await start({ webhookUrl: null, dir });
    expect(second.emulator.env.CLERK_WEBHOOK_SIGNING_SECRET).toBe(secret);
    const stored = JSON.parse(await readFile(join(dir, 'instance.json'), 'utf8')) as { webhookSecret: string };
    expect(stored.webhookSecret).toBe(secret);
  });
});
