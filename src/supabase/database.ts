import type { intentReceipts, tasks } from '@/db/schema';

// Derived from the drizzle schema so the two cannot drift; type-only, so drizzle-orm never reaches the bundles.
type TaskRow = typeof tasks.$inferSelect;
// What the app may send: the database fills id, user_id and created_at itself.
type TaskInsert = Pick<TaskRow, 'name'> & Partial<Pick<TaskRow, 'done'>>;
type TaskUpdate = Partial<Pick<TaskRow, 'name' | 'done'>>;
type IntentReceiptRow = typeof intentReceipts.$inferSelect;
type IntentReceiptInsert = Pick<IntentReceiptRow, 'id'>;

export interface Database {
  public: {
    Tables: {
      tasks: { Row: TaskRow; Insert: TaskInsert; Update: TaskUpdate; Relationships: [] };
      intent_receipts: {
        Row: IntentReceiptRow;
        Insert: IntentReceiptInsert;
        Update: Record<never, never>;
        Relationships: [];
      };
    };
    Views: Record<never, never>;
    Functions: {
      // drizzle/0013_task_page_filters.sql: one row more than page_size when there are more.
      task_page: {
        Args: {
          older_created_at?: string;
          older_id?: number;
          newer_created_at?: string;
          newer_id?: number;
          page_size?: number;
          show?: TaskFilter;
        };
        Returns: { tasks: Task[]; open: number; done: number };
      };
      // drizzle/0016_add_task.sql: the new task's id and the first page of its list.
      add_task: {
        Args: { name: string; page_size?: number; show?: TaskFilter };
        Returns: { id: number; page: Database['public']['Functions']['task_page']['Returns'] };
      };
    };
    Enums: Record<never, never>;
    CompositeTypes: Record<never, never>;
  };
}

export type Task = Pick<TaskRow, 'id' | 'name' | 'done' | 'created_at' | 'user_id'>;

export const TASK_FILTERS = ['all', 'open', 'done'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];
