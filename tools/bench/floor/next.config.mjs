import { fileURLToPath } from 'node:url';
import { securityHeaders } from '../../../next.config.mjs';

// The floor app imports the app's components from ../../src: Turbopack must see the repository root.
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** @type {import('next').NextConfig} */
const floorConfig = {
  poweredByHeader: false,
  distDir: process.env.FLOOR_BUILD_DIR || '.next',
  turbopack: { root },
  outputFileTracingRoot: root,
  typescript: { ignoreBuildErrors: true },
  // The app's response headers, so the floor's responses are the page's too.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }];
  },
};

export default floorConfig;
