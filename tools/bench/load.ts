// One autocannon run, bounded in time even when it is given a request count, with a verdict on
// whether it measured successes (a run of 500s measures nothing about the app).
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** 2xx by default; the add-task form answers 200 with the page, a redirect would be 303. */
  okStatus?: '2xx' | '2xx-3xx';
}

export interface LoadResult {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  total: number;
  failed: number;
  seconds: number;
}

export interface LoadOptions {
  connections: number;
  /** Either a fixed duration… */
  durationSeconds?: number;
  /** …or a request count, capped by maxSeconds. */
  amount?: number;
  maxSeconds?: number;
}

export function runLoad(request: LoadRequest, options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: request.url,
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        connections: options.connections,
        timeout: 30,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const ok = result['2xx'] + (request.okStatus === '2xx-3xx' ? result['3xx'] : 0);
        const total = result.requests.total;
        const failed = result.errors + result.timeouts + (total - Math.min(total, ok));
        // A few failures are reported; mostly failures means the figure is not the app's.
        if (total === 0 || failed > total * 0.01) {
          return reject(
            new Error(
              `${request.method ?? 'GET'} ${request.url}: ${failed} of ${total} requests failed (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`,
            ),
          );
        }
        resolve({
          p50: result.latency.p50,
          p99: result.latency.p99,
          requestsPerSecond: total / result.duration,
          total,
          failed,
          seconds: result.duration,
        });
      },
    );
    if (options.maxSeconds) timer = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
  });
}
