// The ground truth: the tasks table read and written directly as the PostgreSQL superuser.
import { connect, type Sql } from '../../tools/db/db.ts';

export interface TaskRow {
  id: number;
  user_id: string;
  /** The organization whose list holds it; null: the user's personal list. */
  org_id: string | null;
  name: string;
  done: boolean;
}

export type { Sql };

export const superuser = (url: string): Sql => connect(url, { max: 2 });

export async function allTasks(sql: Sql): Promise<TaskRow[]> {
  const rows = await sql<TaskRow[]>`select id::int as id, user_id, org_id, name, done from tasks order by id`;
  return rows.map((row) => ({ ...row }));
}

export async function seedTask(sql: Sql, userId: string, name: string): Promise<TaskRow> {
  const [row] = await sql<
    TaskRow[]
  >`insert into tasks (user_id, name) values (${userId}, ${name}) returning id::int as id, user_id, org_id, name, done`;
  return { ...row! };
}

/** A task in organization `orgId`'s list, added by `userId`. */
export async function seedOrgTask(sql: Sql, userId: string, orgId: string, name: string): Promise<TaskRow> {
  const [row] = await sql<
    TaskRow[]
  >`insert into tasks (user_id, org_id, name) values (${userId}, ${orgId}, ${name}) returning id::int as id, user_id, org_id, name, done`;
  return { ...row! };
}

export interface TableDiff {
  added: TaskRow[];
  removed: TaskRow[];
  changed: { before: TaskRow; after: TaskRow }[];
}

export function diffTables(before: TaskRow[], after: TaskRow[]): TableDiff {
  const beforeById = new Map(before.map((row) => [row.id, row]));
  const afterById = new Map(after.map((row) => [row.id, row]));
  return {
    added: after.filter((row) => !beforeById.has(row.id)),
    removed: before.filter((row) => !afterById.has(row.id)),
    changed: after.flatMap((row) => {
      const old = beforeById.get(row.id);
      return old && JSON.stringify(old) !== JSON.stringify(row) ? [{ before: old, after: row }] : [];
    }),
  };
}

export const isEmptyDiff = (diff: TableDiff) => diff.added.length + diff.removed.length + diff.changed.length === 0;

export function describeDiff(diff: TableDiff): string {
  if (isEmptyDiff(diff)) return 'table unchanged';
  const short = (row: TaskRow) =>
    `#${row.id}(${row.user_id.slice(-6)}${row.org_id ? `@${row.org_id.slice(-6)}` : ''}, ${JSON.stringify(row.name.slice(0, 30))}${row.name.length > 30 ? `…${row.name.length}` : ''}${row.done ? ', done' : ''})`;
  return [
    ...diff.added.map((row) => `+${short(row)}`),
    ...diff.removed.map((row) => `-${short(row)}`),
    ...diff.changed.map(({ before, after }) => `~${short(before)}→${short(after)}`),
  ].join(' ');
}
