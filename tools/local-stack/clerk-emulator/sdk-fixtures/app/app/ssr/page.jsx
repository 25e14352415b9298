import { createServerSupabaseClient } from './client.js';
import AddTaskForm from './add-task-form.jsx';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const { data, error } = await createServerSupabaseClient().from('tasks').select().order('id');
  if (error) throw error;
  return (
    <div>
      <h1>Tasks (server)</h1>
      <ul id="server-tasks" data-count={data.length}>
        {data.map((task) => (
          <li key={task.id}>{task.name}</li>
        ))}
      </ul>
      <AddTaskForm />
    </div>
  );
}
