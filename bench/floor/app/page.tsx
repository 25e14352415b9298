// The floor for the task page: the app's own list components (src/ui) rendered from memory, with no
// auth and no data access, so the bench can tell what Next and React cost for the same markup.
import { connection } from 'next/server';
import { NewTaskForm } from '../../../src/ui/new-task-form';
import { SignOutForm } from '../../../src/ui/sign-out-form';
import { TaskList } from '../../../src/ui/task-list';
import { taskPage } from '../tasks';

export default async function FloorPage() {
  // Rendered per request, like the signed-in page.
  await connection();
  return (
    <main>
      <header className="bar">
        <h1>Your tasks</h1>
        <SignOutForm />
      </header>
      <TaskList page={taskPage()} form={<NewTaskForm back="/" />} />
    </main>
  );
}
