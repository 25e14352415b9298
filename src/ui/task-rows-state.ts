import type { Show } from '@/tasks/list-view';

export interface TaskRow {
  id: number;
  name: string;
  done: boolean;
  by?: string;
  canDelete?: false;
}

export type ShownRow = TaskRow & { pending?: true };

export type Change =
  | { kind: 'add'; row: ShownRow }
  | { kind: 'toggle'; id: number; done: boolean }
  | { kind: 'rename'; id: number; name: string }
  | { kind: 'delete'; id: number };

export function applyChange(rows: ShownRow[], change: Change, show: Show): ShownRow[] {
  switch (change.kind) {
    case 'add':
      return [change.row, ...rows];
    case 'toggle':
      return rows
        .map((row) => (row.id === change.id ? { ...row, done: change.done, pending: true as const } : row))
        .filter((row) => row.id !== change.id || show === 'all' || row.done === (show === 'done'));
    case 'rename':
      return rows.map((row) => (row.id === change.id ? { ...row, name: change.name, pending: true as const } : row));
    case 'delete':
      return rows.filter((row) => row.id !== change.id);
  }
}
