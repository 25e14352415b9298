// Test harnesses (test-support/app-server.ts) build into a folder of their own, with a tsconfig of
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

const originOf = (url) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Where Clerk sends the browser after a form post (sign-in pages, handshake): a redirect chain
 * started by a form submission is checked against form-action too. NEXT_PUBLIC_* are build-time.
 */
export function clerkOrigins(env = process.env) {
  const origins = [
    env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
    env.NEXT_PUBLIC_CLERK_SIGN_UP_URL,
    env.NEXT_PUBLIC_CLERK_PROXY_URL,
  ]
    .map(originOf)
    .filter(Boolean);
  // pk_live_/pk_test_ + base64("<Frontend API host>$"): hosted sign-in is on its Account Portal.
  const encoded = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?.split('_')[2];
  const frontendApi = encoded ? Buffer.from(encoded, 'base64').toString('utf8').replace(/\$$/, '') : '';
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(frontendApi)) {
    origins.push(`https://${frontendApi}`);
    if (frontendApi.startsWith('clerk.')) origins.push(`https://accounts.${frontendApi.slice('clerk.'.length)}`);
    if (frontendApi.endsWith('.clerk.accounts.dev')) origins.push(`https://${frontendApi.replace('.clerk.', '.')}`);
  }
  return [...new Set(origins)];
}

// Only what cannot break clerk-js (loaded from the Clerk or emulator origin): no framing, no
// plugins, no <base> hijack, forms only to the app and Clerk.
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
  outputFileTracingExcludes: { '*': ['.data/**', 'local-stack/**', 'bench/**', 'e2e/**', 'security/**'] },
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
