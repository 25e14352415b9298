/** Keeps the last lines a child process printed, to show them when it fails or dies. */
export class LogBuffer {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 40) {}

  /** Accepts raw output chunks; splits them into lines. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  tail(count = this.capacity): string[] {
    const all = this.partial ? [...this.lines, this.partial] : [...this.lines];
    return all.slice(-count);
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }
}
