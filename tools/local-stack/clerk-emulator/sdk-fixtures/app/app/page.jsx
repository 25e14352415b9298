'use client';
// The browser half of Clerk's Supabase example: supabase-js with the Clerk session token (native third-party auth).
import { useEffect, useState } from 'react';
import { useSession, useUser } from '@clerk/nextjs';
import { createClient } from '@supabase/supabase-js';

export default function Home() {
  const [tasks, setTasks] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const { user } = useUser();
  const { session } = useSession();

  const client = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL, process.env.NEXT_PUBLIC_SUPABASE_KEY, {
    async accessToken() {
      return session?.getToken() ?? null;
    },
  });

  useEffect(() => {
    if (!user) return;
    (async () => {
      setLoading(true);
      const { data, error: failed } = await client.from('tasks').select().order('id');
      if (failed) setError(failed.message);
      else setTasks(data);
      setLoading(false);
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  async function createTask(e) {
    e.preventDefault();
    const { error: failed } = await client.from('tasks').insert({ name });
    if (failed) setError(failed.message);
    else window.location.reload();
  }

  return (
    <div>
      <h1>Tasks</h1>
      {loading && <p>Loading...</p>}
      {error && <p id="error">error:{error}</p>}
      {!loading && (
        <ul id="tasks" data-count={tasks.length}>
          {tasks.map((task) => (
            <li key={task.id}>{task.name}</li>
          ))}
        </ul>
      )}
      <form onSubmit={createTask}>
        <input name="name" placeholder="Enter new task" onChange={(e) => setName(e.target.value)} value={name} />
        <button type="submit">Add</button>
      </form>
    </div>
  );
}
