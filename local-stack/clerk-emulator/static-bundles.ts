// Serves the clerk-js and @clerk/ui browser bundles from node_modules, at the CDN-like paths
// `/npm/@clerk/clerk-js@<v>/dist/<file>` and `/npm/@clerk/ui@<v>/dist/<file>`. The bundles load their
// chunks relative to their own script URL, so every file of dist/ is served from the same folder.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const distDirs: Record<string, string> = {
  'clerk-js': dirname(require.resolve('@clerk/clerk-js')), // .../dist/clerk.js
  ui: join(dirname(require.resolve('@clerk/ui/package.json')), 'dist'),
};

// @clerk/clerk-js does not export its package.json; read it next to dist/.
const versionOf = (distDir: string) =>
  (JSON.parse(readFileSync(join(distDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
export const CLERK_JS_VERSION = versionOf(distDirs['clerk-js'] as string);
export const CLERK_UI_VERSION = versionOf(distDirs.ui as string);

export function clerkJsPath(): string {
  return `/npm/@clerk/clerk-js@${CLERK_JS_VERSION}/dist/clerk.browser.js`;
}

export function clerkUiPath(): string {
  return `/npm/@clerk/ui@${CLERK_UI_VERSION}/dist/ui.browser.js`;
}

export async function handleStaticBundle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const match = /^\/npm\/@clerk\/(clerk-js|ui)@[^/]+\/dist\/([A-Za-z0-9_.-]+\.(?:js|js\.map|css))$/.exec(url.pathname);
  if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const dir = distDirs[match[1] as string];
  const file = join(dir as string, match[2] as string);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    res.end('not found');
    return true;
  }
  res.writeHead(200, {
    'Content-Type': file.endsWith('.css')
      ? 'text/css'
      : file.endsWith('.map')
        ? 'application/json'
        : 'application/javascript; charset=utf-8',
    'Content-Length': info.size,
    // The SDK loads the script with crossorigin="anonymous": without this header it would not run.
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
