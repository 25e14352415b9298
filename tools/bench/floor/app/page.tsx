// The floor for the task page: the app's own page view (src/ui/task-list-page.tsx) in the app's own layout,
// fed from memory with no auth and no data access, so the bench can tell what Next and React cost for
// the same markup.
import { connection } from 'next/server';
import { viewOf } from '../../../../src/tasks/list-view';
import { TaskListPage } from '../../../../src/ui/task-list-page';
import { FLOOR_HEADER, taskPage } from '../tasks';

export default async function FloorPage() {
  // Rendered per request, like the signed-in page.
  await connection();
  return (
    <TaskListPage heading="Your tasks" listPath="/" header={FLOOR_HEADER} view={viewOf('/', {})} page={taskPage()} />
  );
}
