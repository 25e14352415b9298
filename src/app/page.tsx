import { requestAuth } from '@/auth/request-auth';
import type { ReactNode } from 'react';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { noticeOf, single, type PageSearchParams } from '@/tasks/form-state';
import { decodeCursor, getTaskPage } from '@/tasks/queries';
import { AccountMenu } from '@/ui/account-menu';
import { NewTaskForm } from '@/ui/new-task-form';
import { Notice } from '@/ui/notice';
import { SignOutForm } from '@/ui/sign-out-form';
import { TaskList } from '@/ui/task-list';

export default async function HomePage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const { userId } = await requestAuth();
  const params = await searchParams;
  const notice = noticeOf(params);
  const noticeBanner = notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
  if (!userId) return <SignedOutHome notice={noticeBanner} />;

  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const newTaskDraft = draft && !draft.taskId ? draft.name : undefined;
  const position = { older: decodeCursor(single(params.older)), newer: decodeCursor(single(params.newer)) };
  const { data: page, failure } = await loadOrFailure(() => getTaskPage(position));

  return (
    <main>
      <header className="bar">
        <h1>Your tasks</h1>
        <AccountMenu fallback={<SignOutForm />} />
      </header>
      {noticeBanner}
      <NewTaskForm draft={newTaskDraft} />
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {page ? <TaskList page={page} /> : null}
    </main>
  );
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
