import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { loadOrFailure } from '@/tasks/errors';
import { single, type PageSearchParams } from '@/tasks/form-state';
import { decodeCursor, getTaskPage } from '@/tasks/queries';
import { listHeader, rowAuthority, type ListScope } from '@/orgs/list-scope';
import { AccountMenu } from '@/ui/account-menu';
import { ListNav } from '@/ui/list-nav';
import { NewTaskForm } from '@/ui/new-task-form';
import { Notice } from '@/ui/notice';
import { SignOutForm } from '@/ui/sign-out-form';
import { TaskList } from '@/ui/task-list';
import type { ReactNode } from 'react';

export type { ListScope };

/** The personal list: the signed-in user's own tasks. */
export const PERSONAL_LIST: ListScope = { heading: 'Your tasks', path: '/' };

/**
 * A signed-in user's task list page (personal, or an organization's when `scope.org` is set): the lists
 * to switch between, the add form, the list and its pager, read through RLS.
 */
export async function TasksScreen({
  userId,
  params,
  notice,
  scope = PERSONAL_LIST,
}: {
  userId: string;
  params: PageSearchParams;
  notice: ReactNode;
  scope?: ListScope;
}) {
  const draft = single(params[DRAFT_PARAM]) === 'restored' ? await readDraft(userId) : undefined;
  const newTaskDraft = draft && !draft.taskId ? draft.name : undefined;
  const position = { older: decodeCursor(single(params.older)), newer: decodeCursor(single(params.newer)) };
  const [{ data: page, failure }, header] = await Promise.all([
    loadOrFailure(() => getTaskPage(position)),
    listHeader(userId),
  ]);
  const authority = page && scope.org ? await rowAuthority(userId, scope.org.role, page.tasks) : undefined;

  return (
    <main>
      <header className="bar">
        <h1>{scope.heading}</h1>
        <div className="account">
          {header.viewer ? <span className="signed-in-as">{header.viewer}</span> : null}
          <AccountMenu fallback={<SignOutForm />} />
        </div>
      </header>
      {header.memberships ? <ListNav current={scope.path} memberships={header.memberships} /> : null}
      {notice}
      <NewTaskForm draft={newTaskDraft} />
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {page ? <TaskList page={page} listPath={scope.path} authority={authority} /> : null}
    </main>
  );
}
