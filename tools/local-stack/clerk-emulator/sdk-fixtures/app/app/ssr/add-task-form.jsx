'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { addTask } from './actions.js';

export default function AddTaskForm() {
  const [taskName, setTaskName] = useState('');
  const router = useRouter();
  async function onSubmit() {
    await addTask(taskName);
    setTaskName('');
    router.refresh();
  }
  return (
    <form action={onSubmit}>
      <input name="name" placeholder="Enter new task" onChange={(e) => setTaskName(e.target.value)} value={taskName} />
      <button type="submit">Add</button>
    </form>
  );
}
