'use server';
import { createServerSupabaseClient } from './client.js';

export async function addTask(name) {
  const { error } = await createServerSupabaseClient().from('tasks').insert({ name });
  if (error) throw new Error(`Failed to add task: ${error.message}`);
}
