import { clerkOrigins } from './src/lib/clerk-origins.mjs';

export { clerkOrigins };

// Test harnesses (tests/support/app-server.ts) build into a folder of their own, with a tsconfig of
// their own beside it (Next empties distDir and amends the tsconfig it uses), so a test run never
// rewrites a build another run is serving, nor the project's tsconfig.json.
const testBuildDir = process.env.NEXT_TEST_BUILD_DIR;

// Hosts other than the app's own whose pages may post its forms, e.g. the public name of a reverse
// proxy that rewrites Host (comma-separated; `*.example.com` patterns as Next allows). The proxy's
// own origin check (src/lib/request-guards.ts) gets the same list.
const allowedOrigins = (process.env.SERVER_ACTIONS_ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean);

// Every response, proxied or not: no framing, no plugins, no <base> hijack, forms only to the app and
// Clerk. Page responses also get Clerk's nonce-based script-src from the proxy (src/proxy.ts).
export function securityHeaders(env = process.env) {
  const csp = [
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...clerkOrigins(env)].join(' ')}`,
    "object-src 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  distDir: testBuildDir || '.next',
  // `npm run typecheck` checks the whole project; test builds skip Next's second pass.
  typescript: testBuildDir ? { tsconfigPath: `${testBuildDir}.tsconfig.json`, ignoreBuildErrors: true } : undefined,
  // The local stack's data and the tooling folders are not part of the app.
  outputFileTracingExcludes: { '*': ['.data/**', 'tools/**', 'tests/**', 'e2e/**'] },
  experimental: {
    serverActions: { allowedOrigins },
    // Next buffers each body the proxy sees up to this (default 10 MB); forms are capped at 1 MB.
    proxyClientMaxBodySize: '1mb',
  },
  env: { SERVER_ACTIONS_ALLOWED_ORIGINS: allowedOrigins.join(',') },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }];
  },
};

export default nextConfig;
