// The gateway on its own: CORS, the key check, health, keep-alive, and a clear 503 when PostgREST is not there.
import { Agent, createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
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

describe('CORS, as hosted Supabase answers it', () => {
  it('answers a preflight without an apikey: 200, any origin, the requested headers, no max-age', async () => {
    const requested = 'authorization, apikey, content-type, prefer, x-client-info, x-supabase-api-version';
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': requested,
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBe(requested);
    expect(response.headers.get('access-control-allow-methods')!.split(',')).toEqual(
      expect.arrayContaining(['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']),
    );
    expect(response.headers.get('access-control-max-age')).toBeNull();
  });

  it('allows the headers supabase-js sends when a preflight names none', async () => {
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, { method: 'OPTIONS' });
    const allowed = response.headers
      .get('access-control-allow-headers')!
      .split(',')
      .map((header) => header.trim());
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'apikey', 'content-type', 'prefer', 'accept-profile', 'x-client-info']),
    );
  });

  it('puts CORS headers on errors too, so a browser can read them', async () => {
    const response = await fetch(`${gateway.url}/rest/v1/tasks`, { headers: { origin: 'http://app.test' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('content-range');
  });
});

describe("the apikey check, with the status and bodies of Supabase's gateway", () => {
  it('401 "No API key found in request" without a key, or with an empty one', async () => {
    for (const init of [{}, { headers: { apikey: '' } }]) {
      const response = await fetch(`${gateway.url}/rest/v1/tasks`, init);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        message: 'No API key found in request',
        hint: 'No `apikey` request header or url param was found.',
      });
    }
  });

  it('401 "Invalid API key" for a wrong key, in the header or the query', async () => {
    for (const url of [`${gateway.url}/rest/v1/tasks?apikey=wrong`, `${gateway.url}/rest/v1/tasks`]) {
      const response = await fetch(url, { headers: url.includes('?') ? {} : { apikey: 'wrong' } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        message: 'Invalid API key',
        hint: 'Double check your Supabase `anon` or `service_role` API key.',
      });
    }
  });

  it('accepts the key as a query parameter and does not pass it on to PostgREST', async () => {
    const response = await fetch(`${gateway.url}/rest/v1/tasks?apikey=${KEY}`);
    // Past the key check: the (absent) upstream answers.
    expect(response.status).toBe(503);
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

describe('keep-alive', () => {
  let upstream: HttpServer;
  let proxied: Gateway;
  const requests: { method?: string; url?: string }[] = [];

  beforeAll(async () => {
    // Answers like PostgREST 12: a HEAD gets headers only, with neither Content-Length nor Transfer-Encoding.
    upstream = createHttpServer((req, res) => {
      requests.push({ method: req.method, url: req.url });
      res.writeHead(200, { 'content-range': '*/3', 'content-type': 'application/json; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : '[]');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    proxied = await startGateway({
      port: await freePort(),
      postgrestUrl: `http://127.0.0.1:${upstreamPort}`,
      apiKeys: [KEY],
    });
  });
  afterAll(async () => {
    await proxied?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  const send = (method: string, agent: Agent) =>
    new Promise<{ socket: Socket; contentRange?: string; connection?: string }>((resolve, reject) => {
      const outgoing = request(
        `${proxied.url}/rest/v1/tasks?select=*`,
        { method, agent, headers: { apikey: KEY, prefer: 'count=exact' } },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              socket: outgoing.socket!,
              contentRange: response.headers['content-range'],
              connection: response.headers.connection,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });

  it('serves two HEADs (supabase-js count queries) over one connection of a keep-alive agent', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send('HEAD', agent);
      const second = await send('HEAD', agent);
      const third = await send('GET', agent);
      expect(first).toMatchObject({ contentRange: '*/3', connection: 'keep-alive' });
      expect(second.contentRange).toBe('*/3');
      expect(second.socket).toBe(first.socket);
      expect(third.socket).toBe(first.socket);
      expect(requests.filter((seen) => seen.method === 'HEAD').map((seen) => seen.url)).toEqual([
        '/tasks?select=*',
        '/tasks?select=*',
      ]);
    } finally {
      agent.destroy();
    }
  });
});
