import { clerkMiddleware } from '@clerk/nextjs/server';

// This @clerk/nextjs version does not read CLERK_JWT_KEY itself: pass it, so tokens verify offline.
export default clerkMiddleware({ jwtKey: process.env.CLERK_JWT_KEY });

export const config = { matcher: ['/((?!_next|favicon.ico).*)'] };
