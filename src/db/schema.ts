import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { TASK_NAME_MAX } from './limits';

// Property names are the column names: rows reach the app through PostgREST as JSON, typed from here.
export const tasks = pgTable(
  'tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    done: boolean('done').notNull().default(false),
    // Filled from the caller's JWT, so clients never send it (see drizzle/0000_requesting_user_id.sql).
    user_id: text('user_id')
      .notNull()
      .default(sql`requesting_user_id()`),
    // From the caller's active organization in the JWT (NULL: personal), so clients never send it either.
    org_id: text('org_id').default(sql`requesting_org_id()`),
    // PostgREST sends timestamps as ISO strings.
    created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    check(
      'tasks_name_trimmed_length',
      sql`${table.name} = btrim(${table.name}) and char_length(${table.name}) between 1 and ${sql.raw(
        String(TASK_NAME_MAX),
      )}`,
    ),
    // NULLS FIRST is what a plain `order by ... desc` asks for (PostgREST's `order=created_at.desc`).
    index('tasks_user_id_created_at_id_idx').on(
      table.user_id,
      table.created_at.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index('tasks_org_id_created_at_id_idx').on(
      table.org_id,
      table.created_at.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    // The open and done counts of a personal list and of an organization's: each an index-only scan
    // (no heap visits), as they hold every column the count and the SELECT policy read.
    index('tasks_user_id_org_id_done_idx').on(table.user_id, table.org_id, table.done),
    index('tasks_org_id_done_user_id_idx').on(table.org_id, table.done, table.user_id),
  ],
);

export const intentReceipts = pgTable(
  'intent_receipts',
  {
    id: uuid('id').primaryKey(),
    user_id: text('user_id')
      .notNull()
      .default(sql`requesting_user_id()`),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  // Serves RLS (own rows) and the purge of a deleted user's receipts.
  (table) => [index('intent_receipts_user_id_idx').on(table.user_id)],
);
