// The floor's data: a fixed page of tasks in memory, newest first, and what the add-task action adds.
import type { Task } from '../../../src/supabase/database';
import type { ListHeader } from '../../../src/orgs/list-scope';
import type { TaskPage } from '../../../src/tasks/page-cursor';

const PAGE_SIZE = 50;
const now = Date.now();
let nextId = 1_000_000;
const FLOOR_USER = 'user_floor';
let tasks: Task[] = Array.from({ length: PAGE_SIZE }, (_, i) => ({
  id: PAGE_SIZE - i,
  name: `seeded task ${i + 1}`,
  done: (i + 1) % 4 === 0,
  created_at: new Date(now - (i + 1) * 60_000).toISOString(),
  user_id: FLOOR_USER,
}));
let counts = { open: tasks.filter((task) => !task.done).length, done: tasks.filter((task) => task.done).length };

/** The header the bench's reader sees: their name, and the personal list alone (no organizations). */
export const FLOOR_HEADER: ListHeader = { viewer: 'bench-reader', memberships: [] };

export function addTask(name: string): void {
  tasks = [
    { id: nextId++, name, done: false, created_at: new Date().toISOString(), user_id: FLOOR_USER },
    ...tasks,
  ].slice(0, PAGE_SIZE);
  counts = { ...counts, open: counts.open + 1 };
}

export function taskPage(): TaskPage {
  const last = tasks[tasks.length - 1];
  return { tasks, counts, older: last ? { createdAt: last.created_at, id: last.id } : undefined };
}
