// Serves the clerk-js and @clerk/ui browser bundles from node_modules, at the CDN-like paths the SDKs build
// (`/npm/@clerk/clerk-js@<major or version>/dist/<file>`, `/npm/@clerk/ui@<...>/dist/<file>`). Each SDK asks
// for the major it was built against (@clerk/nextjs 6 → clerk-js@5, 7 → clerk-js@6 + ui@1), so every major
// installed here is served; the bundles load their chunks relative to their own URL, so all of dist/ is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

interface Bundle {
  version: string;
  distDir: string;
}

function bundleOf(distDir: string): Bundle {
  // @clerk/clerk-js does not export its package.json; read it next to dist/.
  const { version } = JSON.parse(readFileSync(join(distDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { version, distDir };
}

const majorOf = (version: string) => version.split('.')[0] as string;

function byMajor(bundles: Bundle[]): Map<string, Bundle> {
  return new Map(bundles.map((bundle) => [majorOf(bundle.version), bundle]));
}

/** Package → major → bundle. clerk-js 5 is installed under the alias @clerk/clerk-js-v5. */
const served: Record<'clerk-js' | 'ui', Map<string, Bundle>> = {
  'clerk-js': byMajor([
    bundleOf(dirname(require.resolve('@clerk/clerk-js-v5'))), // .../dist/clerk.js
    bundleOf(dirname(require.resolve('@clerk/clerk-js'))),
  ]),
  ui: byMajor([bundleOf(join(dirname(require.resolve('@clerk/ui/package.json')), 'dist'))]),
};

/** `{ 'clerk-js': ['5.128.0', '6.40.0'], ui: ['1.34.0'] }`: what the emulator serves, for logs and docs. */
export function servedBundleVersions(): Record<'clerk-js' | 'ui', string[]> {
  return {
    'clerk-js': [...served['clerk-js'].values()].map((b) => b.version),
    ui: [...served.ui.values()].map((b) => b.version),
  };
}

/** The bundle a version selector names: a major (`5`), an exact or partial version (`5.128.0`, `5.x`), or `latest`. */
export function resolveBundle(pkg: 'clerk-js' | 'ui', selector: string): Bundle | undefined {
  const bundles = served[pkg];
  if (selector === 'latest')
    return [...bundles.values()].sort((a, b) => Number(majorOf(b.version)) - Number(majorOf(a.version)))[0];
  return bundles.get(majorOf(selector));
}

export async function handleStaticBundle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const match = /^\/npm\/@clerk\/(clerk-js|ui)@([^/]+)\/dist\/([A-Za-z0-9_.-]+\.(?:js|js\.map|css))$/.exec(
    url.pathname,
  );
  if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const pkg = match[1] as 'clerk-js' | 'ui';
  const bundle = resolveBundle(pkg, decodeURIComponent(match[2] as string));
  const file = bundle ? join(bundle.distDir, match[3] as string) : undefined;
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    res.end(
      bundle
        ? 'not found'
        : `The Clerk emulator serves @clerk/${pkg} ${servedBundleVersions()[pkg].join(', ')}; no bundle for @${match[2] ?? ''}.`,
    );
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
