import Link from 'next/link';
import { messageText, type MessageCode } from '@/messages/messages';
import type { Task } from '@/tasks/queries';
import { ListHolding } from './list-holding';
import type { PageNotice } from '@/messages/notices';
import { Notice, PageNoticeBanner } from './notice';
import { RenameTaskForm } from './rename-task-form';

export interface EditTaskPageProps {
  back: string;
  here: string;
  task: Pick<Task, 'id' | 'name'> | null;
  failure?: MessageCode;
  /** The session acts in another list than the task's: no form, only the way back. */
  switched?: boolean;
  notice?: PageNotice;
  draftName?: string;
}

export function EditTaskPage({ back, here, task, failure, switched, notice, draftName }: EditTaskPageProps) {
  return (
    <main>
      <header className="bar">
        <h1>Rename task</h1>
      </header>
      {switched ? (
        <ListHolding href={here} />
      ) : failure ? (
        <Notice tone="error">{messageText(failure)}</Notice>
      ) : task ? (
        <>
          <PageNoticeBanner notice={notice} />
          <RenameTaskForm taskId={task.id} name={draftName ?? task.name} back={back} />
        </>
      ) : (
        <Notice tone="error">{messageText('task-missing')}</Notice>
      )}
      <p>
        <Link href={back}>Back to your tasks</Link>
      </p>
    </main>
  );
}
