import { auth } from '@clerk/nextjs/server';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';

// A plain link target (works without JavaScript) that sends the user to the configured Clerk
// sign-in page, and back to the task list afterwards.
export async function GET(request: NextRequest) {
  const { userId, redirectToSignIn } = await auth();
  if (userId) redirect('/');
  return redirectToSignIn({ returnBackUrl: new URL('/', request.nextUrl).toString() });
}
