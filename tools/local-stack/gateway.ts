// Supabase's API gateway in miniature: serves PostgREST under /rest/v1/, lets a request through only
// with the project's anon or service_role key in `apikey` (header or query), and answers CORS the way
// hosted Supabase does: any origin (`*`, no credentials), preflights answered by the gateway itself
// with 200, the requested headers allowed, and no Access-Control-Max-Age (hosted sends none, so
// browsers preflight again each time, here as there).
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { StackError } from './errors.ts';

export interface GatewayOptions {
  port: number;
  host?: string;
  /** PostgREST base URL, e.g. http://127.0.0.1:3000. */
  postgrestUrl: string;
  /** Keys accepted in `apikey`: the anon and service_role keys. */
  apiKeys: string[];
  /** Upstream response timeout before a 504. */
  upstreamTimeoutMs?: number;
}

export interface Gateway {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const REST_PREFIX = '/rest/v1';
const AUTH_SETTINGS = '/auth/v1/settings';
// Allowed when a preflight names no headers; otherwise the requested ones are, as Supabase's gateway does.
const ALLOWED_HEADERS =
  'authorization, apikey, content-type, prefer, accept-profile, content-profile, x-client-info, x-supabase-api-version, range, accept';
const ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT';
const EXPOSED_HEADERS = 'content-range, content-location, location, preference-applied';
// Hop-by-hop headers belong to one connection and must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => handle(options, req, res));
  // Keep-alive sockets would hold close() open; they are closed on stop.
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StackError(
              `port ${options.port} (gateway) is already in use: stop what listens there (\`ss -ltnp 'sport = :${options.port}'\`) or choose another port`,
            )
          : error,
      );
    });
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${port}`, port, stop: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function handle(options: GatewayOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://gateway');
  setCorsHeaders(res);

  if (req.method === 'OPTIONS') {
    // Preflight: browsers send it without credentials or apikey, so it never needs a key.
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader(
      'access-control-allow-headers',
      headerValue(req.headers['access-control-request-headers']) ?? ALLOWED_HEADERS,
    );
    res.writeHead(200, { 'content-length': '0' }).end();
    return;
  }
  if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  const isAuthSettings = url.pathname === AUTH_SETTINGS && req.method === 'GET';
  if (!isAuthSettings && url.pathname !== REST_PREFIX && !url.pathname.startsWith(`${REST_PREFIX}/`)) {
    sendJson(res, 404, { message: 'no Route matched with those values' });
    return;
  }

  const apikey = headerValue(req.headers.apikey) ?? url.searchParams.get('apikey') ?? undefined;
  if (!apikey) {
    sendJson(res, 401, {
      message: 'No API key found in request',
      hint: 'No `apikey` request header or url param was found.',
    });
    return;
  }
  if (!options.apiKeys.includes(apikey)) {
    sendJson(res, 401, {
      message: 'Invalid API key',
      hint: 'Double check your Supabase `anon` or `service_role` API key.',
    });
    return;
  }

  // Supabase Auth's public settings. No Auth server runs here, so nobody can sign up through it: the
  // same answer as a hosted project with sign-ups turned off.
  if (isAuthSettings) {
    sendJson(res, 200, { disable_signup: true, external: { email: false, phone: false }, mailer_autoconfirm: false });
    return;
  }
  // Like Supabase's gateway: the key is consumed here, not passed on as a PostgREST filter.
  url.searchParams.delete('apikey');
  const upstreamPath = (url.pathname.slice(REST_PREFIX.length) || '/') + url.search;
  proxy(options, req, res, upstreamPath, apikey);
}

function proxy(options: GatewayOptions, req: IncomingMessage, res: ServerResponse, path: string, apikey: string): void {
  const upstream = new URL(options.postgrestUrl);
  const headers = forwardableHeaders(req.headers);
  // supabase-js always sends Authorization; a bare request runs with the key's own role, as on Supabase.
  headers.authorization ??= `Bearer ${apikey}`;

  const upstreamRequest = httpRequest(
    { hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers },
    (upstreamResponse) => {
      const responseHeaders = forwardableHeaders(upstreamResponse.headers);
      for (const [name, value] of Object.entries(responseHeaders)) if (value !== undefined) res.setHeader(name, value);
      // PostgREST answers HEAD with neither Content-Length nor Transfer-Encoding. Without one of them a
      // client cannot reuse the connection; chunked is what the same GET through this gateway gets.
      if (req.method === 'HEAD' && upstreamResponse.headers['content-length'] === undefined) {
        res.setHeader('transfer-encoding', 'chunked');
      }
      res.writeHead(upstreamResponse.statusCode ?? 502);
      upstreamResponse.pipe(res);
    },
  );
  upstreamRequest.setTimeout(options.upstreamTimeoutMs ?? 60_000, () => {
    upstreamRequest.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
  });
  upstreamRequest.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    const timedOut = error.code === 'ETIMEDOUT';
    sendJson(res, timedOut ? 504 : 503, {
      message: timedOut
        ? `PostgREST at ${options.postgrestUrl} did not answer in time`
        : `PostgREST at ${options.postgrestUrl} is not reachable (${error.code ?? error.message}): is the local stack running? Start it with \`npm run stack\``,
    });
  });
  req.pipe(upstreamRequest);
}

function forwardableHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const result: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !name.startsWith('access-control-')) result[name] = value;
  }
  return result;
}

function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
