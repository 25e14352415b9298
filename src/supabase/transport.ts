import 'server-only';
import { Agent, request, type Dispatcher } from 'undici';

// One pool of keep-alive connections to the Supabase API for the whole process.
const agent = new Agent();

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The `fetch` supabase-js is given on the server: undici's request API instead of WHATWG fetch, whose
 * streams and the framework's fetch instrumentation cost more CPU than the small JSON answers need.
 * Anything but a URL with a string or byte body goes to the global fetch.
 */
export const supabaseFetch: typeof fetch = async (input, init) => {
  const body = init?.body ?? undefined;
  if (input instanceof Request || !(body === undefined || typeof body === 'string' || body instanceof Uint8Array)) {
    return fetch(input, init);
  }
  const method = init?.method ?? 'GET';
  const answer = await request(input.toString(), {
    dispatcher: agent,
    method: method as Dispatcher.HttpMethod,
    headers: Object.fromEntries(new Headers(init?.headers)),
    body,
    signal: init?.signal ?? undefined,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const bytes = await answer.body.arrayBuffer();
  const empty = NULL_BODY_STATUSES.has(answer.statusCode) || method === 'HEAD';
  return new Response(empty ? null : bytes, { status: answer.statusCode, statusText: answer.statusText, headers });
};
