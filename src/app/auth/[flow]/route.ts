import { notFound, redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { requestAuth } from '@/auth/request-auth';

// Plain link targets, so signing in works without JavaScript: to Clerk's pages, then back to the list.
export async function GET(request: NextRequest, { params }: { params: Promise<{ flow: string }> }) {
  const { flow } = await params;
  if (flow !== 'sign-in' && flow !== 'sign-up') notFound();
  const { userId, redirectToSignIn, redirectToSignUp } = await requestAuth();
  if (userId) redirect('/');
  const returnBackUrl = new URL('/', request.nextUrl).toString();
  return flow === 'sign-in' ? redirectToSignIn({ returnBackUrl }) : redirectToSignUp({ returnBackUrl });
}
