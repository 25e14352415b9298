import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { supabaseFetch } from './transport.ts';

vi.mock('server-only', () => ({}));

/** What the server saw of the last request. */
let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string } = {
  headers: {},
  body: '',
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 5_000);
      res.writeHead(req.url === '/missing' ? 404 : 200, 'Custom Reason', {
        'content-type': 'application/json; charset=utf-8',
        'content-range': '0-1/2',
        'set-cookie': ['a=1', 'b=2'],
      });
      res.end(JSON.stringify({ rows: [1, 2], unicode: 'Grüße ✓' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The parts of a response supabase-js reads. */
async function shape(response: Response) {
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type'),
    contentRange: response.headers.get('content-range'),
    cookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

describe('supabaseFetch', () => {
  it('answers what the global fetch answers, for success and failure statuses', async () => {
    for (const path of ['/rest/v1/tasks?select=*', '/missing']) {
      const ours = await shape(await supabaseFetch(`${base}${path}`, { headers: { Accept: 'application/json' } }));
      expect(ours).toEqual(await shape(await fetch(`${base}${path}`, { headers: { Accept: 'application/json' } })));
      expect(ours.body).toContain('Grüße ✓');
    }
  });

  it('sends the method, headers and body it is given', async () => {
    const headers = new Headers({ Authorization: 'Bearer token-1', Prefer: 'return=minimal' });
    await supabaseFetch(new URL(`${base}/rest/v1/rpc/add_task`), { method: 'POST', headers, body: '{"name":"a"}' });
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/rest/v1/rpc/add_task',
      body: '{"name":"a"}',
      headers: { authorization: 'Bearer token-1', prefer: 'return=minimal' },
    });
  });

  it('gives a 204 an empty body', async () => {
    const response = await supabaseFetch(`${base}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('rejects when the server is unreachable, so supabase-js reports status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    await expect(supabaseFetch(`${url}/rest/v1/tasks`)).rejects.toThrow();
    const client = createClient(url, 'anon-key', { global: { fetch: supabaseFetch } });
    // A write: supabase-js retries failed reads for seconds, never writes.
    const { error, status } = await client.from('tasks').insert({ name: 'a' });
    expect(status).toBe(0);
    expect(error?.message).toMatch(/ECONNREFUSED|connect/);
  });

  it('stops when its signal aborts', async () => {
    const signal = AbortSignal.timeout(100);
    await expect(supabaseFetch(`${base}/slow`, { signal })).rejects.toThrow(/abort|timeout/i);
  });

  it('hands requests it does not translate to the global fetch', async () => {
    const response = await supabaseFetch(new Request(`${base}/rest/v1/tasks`));
    expect(await response.json()).toEqual({ rows: [1, 2], unicode: 'Grüße ✓' });
  });
});
