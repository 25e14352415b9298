import { requestAuth } from '@/auth/request-auth';
import { noticeOf, type PageNotice, type PageSearchParams } from '@/messages/notices';
import { PageNoticeBanner } from '@/ui/notice';
import { TaskListPage } from '@/ui/task-list-page';
import { loadTaskListPage } from './_loaders/task-list-page';

export default async function HomePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const [{ userId }, params] = await Promise.all([requestAuth(), searchParams]);
  if (!userId) return <SignedOutHome notice={noticeOf(params)} />;
  return <TaskListPage {...await loadTaskListPage({ userId, params })} />;
}

function SignedOutHome({ notice }: { notice?: PageNotice }) {
  return (
    <main>
      <header className="bar">
        <h1>Tasks</h1>
      </header>
      <PageNoticeBanner notice={notice} />
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
