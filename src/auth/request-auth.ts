import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { cache } from 'react';

/**
 * Clerk's `auth()` once per server render: each call re-reads the middleware's headers and, when
 * clerkMiddleware was given options (jwtKey), decrypts its request data again. Outside a render
 * (server actions, route handlers) React's cache does not apply and this is plain `auth()`.
 */
export const requestAuth = cache(auth);
