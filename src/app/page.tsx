import { requestAuth } from '@/auth/request-auth';
import type { ReactNode } from 'react';
import { noticeOf, type PageSearchParams } from '@/tasks/form-state';
import { Notice } from '@/ui/notice';
import { TasksScreen } from '@/ui/tasks-screen';

export default async function HomePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const { userId } = await requestAuth();
  const params = await searchParams;
  const notice = noticeOf(params);
  const noticeBanner = notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
  if (!userId) return <SignedOutHome notice={noticeBanner} />;

  return <TasksScreen userId={userId} params={params} notice={noticeBanner} />;
}

function SignedOutHome({ notice }: { notice: ReactNode }) {
  return (
    <main>
      <header className="bar">
        <h1>Tasks</h1>
      </header>
      {notice}
      <p>
        A task list that is yours alone. You sign in with Clerk; your tasks live in Supabase Postgres, where Row Level
        Security lets each account see and change only its own.
      </p>
      <p>
        {/* Plain links, not <Link>: these routes redirect to Clerk's pages, a full navigation. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a className="button primary" href="/auth/sign-in">
          Sign in
        </a>{' '}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a className="button" href="/auth/sign-up">
          Create an account
        </a>
      </p>
    </main>
  );
}
