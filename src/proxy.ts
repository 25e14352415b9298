import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { clerkJwtKey } from '@/auth/clerk-jwt-key';
import { clerkAssetOrigins, clerkOrigins } from '@/lib/clerk-origins.mjs';
import { orgListPath, orgSlugOf } from '@/orgs/active-list';
import { membershipsOf } from '@/orgs/directory';
import { authorizedParties, refuseUnsafePost } from '@/lib/request-guards';

const isTaskPage = createRouteMatcher(['/tasks(.*)', '/orgs(.*)']);

/** The list in the URL is the session's active one: Clerk's handshake switches it on page loads, never on POSTs. */
const organizationSyncOptions = {
  organizationPatterns: ['/orgs/:slug', '/orgs/:slug/(.*)'],
  personalAccountPatterns: ['/', '/tasks(.*)'],
};

/** A path no route matches: Next renders src/app/not-found.tsx there with status 404. */
const NOT_FOUND_PATH = '/_not-found-list';

/** Whether Clerk's directory lists `userId` in the organization `slug` (unknown when Clerk cannot be asked: no). */
const isMemberOf = async (userId: string, slug: string) =>
  (await membershipsOf(userId).catch(() => [])).some((membership) => membership.slug === slug);

/** Clerk's strict CSP (a nonce per request): injected markup never runs, and native mode's __session is a credential. */
const clerk = clerkAssetOrigins();
const contentSecurityPolicy = {
  strict: true,
  directives: {
    'connect-src': clerk,
    'img-src': ['data:', ...clerk],
    'style-src': clerk,
    'font-src': ['self', 'data:', ...clerk],
    'form-action': clerkOrigins(),
    'frame-ancestors': ['none'],
    'base-uri': ['self'],
    'object-src': ['none'],
  },
};

const jwtKey = clerkJwtKey();
// Validated with the rest of the environment in src/env.ts. Without it, the request's own origin.
const appUrl = process.env.APP_URL?.trim() || undefined;

export default clerkMiddleware(
  async (auth, request) => {
    // Cross-site and oversized form posts: a clear 403/413 instead of Next's bare 500.
    const refusal = refuseUnsafePost(request);
    if (refusal) return refusal;
    // Only page loads are sent to sign in. A form POST that arrives signed out (its session token
    // expired) must reach the action, which parks it until a page load has refreshed the session.
    if (isTaskPage(request) && request.method === 'GET') await auth.protect();
    // An organization page the handshake did not activate (not a member, or no such organization).
    const { pathname } = request.nextUrl;
    const slug = orgSlugOf(pathname);
    if (slug !== undefined && request.method === 'GET') {
      const { userId, orgSlug } = await auth();
      const pending = orgListPath(slug) === pathname && userId && (await isMemberOf(userId, slug));
      if (userId && orgSlug !== slug && !pending) return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url));
    }
  },
  // A session token minted on another origin of the same Clerk instance (its azp) is not accepted.
  (request) => ({
    jwtKey,
    authorizedParties: authorizedParties(request, appUrl),
    organizationSyncOptions,
    contentSecurityPolicy,
  }),
);

export const config = {
  matcher: [
    // Everything but Next internals, the static files this app serves, and the webhooks.
    '/((?!_next|api/webhooks(?:/|$)|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ico|txt|woff2?)).*)',
    '/(api(?!/webhooks(?:/|$))|trpc)(.*)',
  ],
};
