// Runs once when the Next server starts: fail fast, with a readable message, on a bad environment.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { serverEnv } = await import('./env');
  serverEnv();
}
