import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { headers } from 'next/headers';

const clerkAuth = () => auth();
type RequestAuth = Awaited<ReturnType<typeof clerkAuth>>;

// Keyed by the request's headers object, which Next keeps for the whole request: a render, a server
// action and the render that follows it. (React's cache would cover renders only.)
const perRequest = new WeakMap<object, Promise<RequestAuth>>();

/** Clerk's `auth()` once per request: each call decrypts the middleware's request data again. */
export async function requestAuth(): Promise<RequestAuth> {
  const key = await headers();
  let result = perRequest.get(key);
  if (!result) {
    result = clerkAuth();
    perRequest.set(key, result);
  }
  return result;
}
