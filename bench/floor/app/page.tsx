// The floor for the task page: the app's own page view (src/ui/tasks-view.tsx) in the app's own layout,
// fed from memory with no auth and no data access, so the bench can tell what Next and React cost for
// the same markup.
import { connection } from 'next/server';
import { viewOf } from '../../../src/tasks/list-view';
import { TasksView } from '../../../src/ui/tasks-view';
import { FLOOR_HEADER, taskPage } from '../tasks';

export default async function FloorPage() {
  // Rendered per request, like the signed-in page.
  await connection();
  return (
    <TasksView
      heading="Your tasks"
      listPath="/"
      header={FLOOR_HEADER}
      notice={null}
      view={viewOf('/', {})}
      page={taskPage()}
    />
  );
}
