import { z } from 'zod';
import type { Task } from '@/supabase/database';

// The task page's shape and its URL cursors: no data access here, so the list components (and the
// bench's floor app, which renders them from memory) can use them without the server's clients.

/** A position in the newest-first list: the (created_at, id) of a task at a page edge. */
export interface Cursor {
  createdAt: string;
  id: number;
}

export interface TaskPage {
  tasks: Task[];
  /** Cursor for the page of older tasks, when there is one. */
  older?: Cursor;
  /** Cursor for the page of newer tasks, when there is one. */
  newer?: Cursor;
  counts: { open: number; done: number };
}

const cursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.number().int().positive()]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** A cursor from a URL parameter; undefined when it is absent or not one of ours. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
