// The suite's control endpoint (tests/security/global-setup.ts): more `next start` servers of the same build.
import type { SecurityContext } from './security-context.ts';

/** Another `next start` of the same build with `env` changed. */
export async function serverWith(
  ctx: SecurityContext,
  env: Record<string, string>,
): Promise<{ url: string; log: () => Promise<string> }> {
  const response = await fetch(`${ctx.controlUrl}/server`, { method: 'POST', body: JSON.stringify(env) });
  if (!response.ok) throw new Error(`could not start the app: ${await response.text()}`);
  const { url, index } = (await response.json()) as { url: string; index: number };
  return { url, log: async () => (await fetch(`${ctx.controlUrl}/server/${index}/log`)).text() };
}
