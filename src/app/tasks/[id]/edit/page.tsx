import Link from 'next/link';
import { DRAFT_PARAM, readDraft } from '@/tasks/draft';
import { toTaskServiceError } from '@/tasks/errors';
import { getTask, type Task } from '@/tasks/queries';
import { taskId } from '@/tasks/schemas';
import { RenameTaskForm } from '@/ui/rename-task-form';

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Reached by a link, so renaming works without JavaScript. Signed-out visitors never get here:
// src/proxy.ts sends them to sign in first.
export default async function EditTaskPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const restored = (await searchParams)[DRAFT_PARAM] === 'restored';

  let task: Task | null = null;
  let failure: string | undefined;
  if (taskId.safeParse(id).success) {
    try {
      task = await getTask(id);
    } catch (error) {
      failure = toTaskServiceError(error).userMessage;
    }
  }
  const draft = restored ? await readDraft() : undefined;
  const draftName = draft && draft.taskId === id ? draft.name : undefined;

  return (
    <main>
      <header className="bar">
        <h1>Rename task</h1>
      </header>
      {failure ? (
        <p className="notice error" role="alert">
          {failure}
        </p>
      ) : task ? (
        <>
          {draftName !== undefined ? (
            <p className="notice" role="status">
              Your session was refreshed. The new name was not saved yet: check it and save again.
            </p>
          ) : null}
          <RenameTaskForm taskId={task.id} name={draftName ?? task.name} />
        </>
      ) : (
        <p className="notice error" role="alert">
          That task does not exist. It may have been deleted.
        </p>
      )}
      <p>
        <Link href="/">Back to your tasks</Link>
      </p>
    </main>
  );
}
