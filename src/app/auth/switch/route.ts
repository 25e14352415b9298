import type { NextRequest } from 'next/server';
import { listHref, parseBack } from '@/tasks/list-view';

const EDIT_PAGE = /^\/(?:orgs\/[A-Za-z0-9][A-Za-z0-9_-]{0,99}\/)?tasks\/[1-9][0-9]{0,15}\/edit$/;

export function GET(request: NextRequest): Response {
  const raw = request.nextUrl.searchParams.get('to') ?? undefined;
  // Back to a list view, or to a task's rename page; never anywhere else.
  const to = raw && EDIT_PAGE.test(raw) ? raw : listHref(parseBack(raw));
  const headers = new Headers({ Location: to, 'Cache-Control': 'no-store' });
  // While Clerk's redirect-loop guard (2 s) is engaged it would not switch: just go back and retry later.
  if (!request.cookies.has('__clerk_redirect_count')) {
    for (const { name } of request.cookies.getAll()) {
      if (name === '__session' || name.startsWith('__session_')) {
        headers.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; SameSite=Lax`);
      }
    }
  }
  return new Response(null, { status: 303, headers });
}
