// A round-robin HTTP load balancer on loopback (node:http): the bench measures one instance against two
// behind it (the same proxy in both, so its own cost is in both), and the scale-out test sends every
// request of a scenario through it. It records which backend served each request, so a test can prove
// that requests alternated between instances.
import { createServer, request, Agent, type Server } from 'node:http';

export interface Served {
  /** Index into the balancer's backends. */
  backend: number;
  method: string;
  path: string;
  status: number;
}

export interface Balancer {
  url: string;
  /** Requests answered since the start or the last `resetLog()`, in order. */
  served(): Served[];
  resetLog(): void;
  close(): Promise<void>;
}

/**
 * Listens on `host` (all interfaces when unset, as `next start` does) and `port` (any free one when
 * unset). `publicHost` replaces the Host header sent to the backends: the host the app's users and
 * Clerk's session tokens know it by, when the balancer itself listens elsewhere.
 */
export async function startBalancer(
  backends: string[],
  listen: { port?: number; host?: string; publicHost?: string } = {},
): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const targets = backends.map((backend) => new URL(backend));
  let next = 0;
  let log: Served[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const backend = next++ % targets.length;
    const target = targets[backend]!;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: listen.publicHost ? { ...incoming.headers, host: listen.publicHost } : incoming.headers,
        agent,
      },
      (response) => {
        const status = response.statusCode ?? 502;
        log.push({ backend, method: incoming.method ?? '', path: incoming.url ?? '', status });
        outgoing.writeHead(status, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      log.push({ backend, method: incoming.method ?? '', path: incoming.url ?? '', status: 502 });
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(listen.port ?? 0, listen.host, resolve));
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${listening}`,
    served: () => [...log],
    resetLog: () => void (log = []),
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
