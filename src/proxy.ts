import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';
import { refuseUnsafePost } from '@/lib/request-guards';

const isTaskPage = createRouteMatcher(['/tasks(.*)']);

// The SDK does not read CLERK_JWT_KEY itself; with it, session tokens verify with no network call.
const jwtKey = process.env.CLERK_JWT_KEY?.replace(/\\n/g, '\n') || undefined;

export default clerkMiddleware(
  async (auth, request) => {
    // Cross-site and oversized form posts: a clear 403/413 instead of Next's bare 500.
    const refusal = refuseUnsafePost(request);
    if (refusal) return refusal;
    // Only page loads are sent to sign in. A form POST that arrives signed out (its session token
    // expired) must reach the action, which keeps the user's input and brings them back.
    if (isTaskPage(request) && request.method === 'GET') await auth.protect();
  },
  { jwtKey },
);

export const config = {
  matcher: [
    // Everything but Next internals and static files, as Clerk recommends.
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    '/(api|trpc)(.*)',
  ],
};
