// The gateway on its own: CORS preflight, health, and a clear 503 when PostgREST is not there.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackError } from './errors.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { freePort } from './ports.ts';

const KEY = 'test-anon-key';
let gateway: Gateway;
let deadUpstreamPort: number;

beforeAll(async () => {
  // Nothing listens on this port: it stands for a PostgREST that is down.
  deadUpstreamPort = await freePort();
  gateway = await startGateway({
    port: await freePort(),
    postgrestUrl: `http://127.0.0.1:${deadUpstreamPort}`,
    apiKeys: [KEY],
  });
});
afterAll(() => gateway?.stop());

describe('CORS', () => {
  it('answers a preflight without an apikey, echoing the origin and allowing supabase-js headers', async () => {
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers':
          'authorization, apikey, content-type, prefer, x-client-info, accept-profile, content-profile',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    const allowed = response.headers
      .get('access-control-allow-headers')!
      .split(',')
      .map((header) => header.trim());
    expect(allowed).toEqual(
      expect.arrayContaining([
        'authorization',
        'apikey',
        'content-type',
        'prefer',
        'accept-profile',
        'content-profile',
        'x-client-info',
        'range',
      ]),
    );
  });

  it('puts CORS headers on errors too, so a browser can read them', async () => {
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, { headers: { origin: 'http://app.test' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(response.headers.get('access-control-expose-headers')).toContain('content-range');
  });
});

describe('health and routing', () => {
  it('GET /health is 200 without a key', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('other paths are 404', async () => {
    expect((await fetch(`${gateway.url}/auth/v1/user`, { headers: { apikey: KEY } })).status).toBe(404);
  });
});

describe('PostgREST unreachable', () => {
  it('answers 503 with a message naming the upstream, quickly', async () => {
    const started = Date.now();
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, { headers: { apikey: KEY } });
    expect(response.status).toBe(503);
    expect((await response.json()).message).toContain(`127.0.0.1:${deadUpstreamPort} is not reachable`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('start-up', () => {
  it('fails with a one-line StackError naming a port that is taken', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = startGateway({ port, postgrestUrl: 'http://127.0.0.1:1', apiKeys: [KEY] });
      await expect(attempt).rejects.toBeInstanceOf(StackError);
      await expect(attempt).rejects.toThrow(`port ${port} (gateway) is already in use`);
    } finally {
      blocker.close();
    }
  });
});
