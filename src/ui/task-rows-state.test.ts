import { describe, expect, it } from 'vitest';
import { applyChange, type ShownRow } from './task-rows-state.ts';

const rows: ShownRow[] = [
  { id: 3, name: 'three', done: false },
  { id: 2, name: 'two', done: true, by: 'ada' },
  { id: 1, name: 'one', done: false, canDelete: false },
];

describe('applyChange', () => {
  it('adds a pending row on top', () => {
    const added = applyChange(rows, { kind: 'add', row: { id: -1, name: 'new', done: false, pending: true } }, 'all');
    expect(added.map((row) => [row.id, row.pending])).toEqual([
      [-1, true],
      [3, undefined],
      [2, undefined],
      [1, undefined],
    ]);
  });

  it('toggles a row in place on the full list, marking it pending', () => {
    expect(applyChange(rows, { kind: 'toggle', id: 3, done: true }, 'all')[0]).toEqual({
      id: 3,
      name: 'three',
      done: true,
      pending: true,
    });
  });

  it.each([
    ['open', 3, true],
    ['done', 2, false],
  ] as const)('on the %s filter a toggled row leaves the list', (show, id, done) => {
    const shown = applyChange(rows, { kind: 'toggle', id, done }, show);
    expect(shown.map((row) => row.id)).not.toContain(id);
    expect(shown).toHaveLength(2);
  });

  it('renames and deletes by id, leaving the other rows as they were', () => {
    const renamed = applyChange(rows, { kind: 'rename', id: 2, name: 'deux' }, 'all');
    expect(renamed[1]).toEqual({ id: 2, name: 'deux', done: true, by: 'ada', pending: true });
    expect(renamed[0]).toBe(rows[0]);
    expect(applyChange(rows, { kind: 'delete', id: 1 }, 'all').map((row) => row.id)).toEqual([3, 2]);
  });

  it('leaves the rows it was given unchanged', () => {
    const before = structuredClone(rows);
    applyChange(rows, { kind: 'toggle', id: 3, done: true }, 'open');
    expect(rows).toEqual(before);
  });
});
