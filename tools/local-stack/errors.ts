/**
 * A start-up or runtime failure of the local stack. `message` is one line naming the cause and the
 * fix; `logs` holds the last lines the failing process printed, shown under it.
 */
export class StackError extends Error {
  readonly logs: string[];

  constructor(message: string, options: { logs?: string[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StackError';
    this.logs = options.logs ?? [];
  }
}
