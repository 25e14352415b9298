import { describe, expect, it } from 'vitest';
import { isMessageCode, messageText } from '../messages/messages.ts';
import { ROOT_VIEW } from './list-view.ts';
import { createTaskInput, renameTaskInput, toggleTaskInput } from './schemas.ts';

/** The words a person is shown for a schema's first error (its message is a message code). */
const shown = (code: string | undefined) => (isMessageCode(code) ? messageText(code) : code);

const nameError = (name: unknown) => {
  const result = createTaskInput.safeParse({ name });
  return result.success ? undefined : shown(result.error.issues[0]?.message);
};

describe('task name', () => {
  it('trims and accepts 1..500 characters', () => {
    expect(createTaskInput.parse({ name: '  buy milk \n' })).toEqual({ name: 'buy milk', back: ROOT_VIEW });
    expect(createTaskInput.parse({ name: 'x'.repeat(500) }).name).toHaveLength(500);
    expect(createTaskInput.parse({ name: ` ${'x'.repeat(500)} ` }).name).toHaveLength(500);
  });

  it.each([
    ['missing', undefined, 'Enter a task name.'],
    ['empty', '', 'Enter a task name.'],
    ['whitespace', ' \t\n ', 'Enter a task name.'],
    ['501 characters', 'x'.repeat(501), 'Task names are at most 500 characters.'],
    ['NUL byte', 'a\u0000b', 'Task names cannot contain NUL characters.'],
  ])('rejects %s', (_case, name, message) => {
    expect(nameError(name)).toBe(message);
  });

  it('ignores fields it does not know, such as user_id', () => {
    expect(createTaskInput.parse({ name: 'mine', user_id: 'user_other' })).toEqual({ name: 'mine', back: ROOT_VIEW });
  });
});

describe('task id', () => {
  it.each(['abc', '-1', '0', '1.5', '', '99999999999999999999', '9007199254740993', '1e3'])('rejects %j', (id) => {
    expect(renameTaskInput.safeParse({ id, name: 'x' }).success).toBe(false);
  });

  it.each(['maybe', undefined])('rejects done = %j with a message a person can read', (done) => {
    const result = toggleTaskInput.safeParse({ id: '1', done });
    expect(result.success ? undefined : shown(result.error.issues[0]?.message)).toBe('That is not a valid task state.');
  });

  it('accepts a positive integer', () => {
    expect(toggleTaskInput.parse({ id: '42', done: 'true' })).toEqual({ id: 42, done: true, back: ROOT_VIEW });
  });
});
