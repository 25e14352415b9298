// Writes the stack's env as a dotenv file (for `npm run dev` and tools that read dotenv files).
import { rename, writeFile } from 'node:fs/promises';

export function formatEnv(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${/^[\w.:/@%+=,-]*$/.test(value) ? value : JSON.stringify(value)}`)
    .join('\n');
}

export async function writeEnvFile(file: string, env: Record<string, string>, header: string): Promise<void> {
  const text = `${header
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n')}\n${formatEnv(env)}\n`;
  // Write then rename, so a reader never sees a half-written file.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}
