// Test harnesses (test-support/app-server.ts) build into a folder of their own, with a tsconfig of
// their own beside it (Next empties distDir and amends the tsconfig it uses), so a test run never
// rewrites a build another run is serving, nor the project's tsconfig.json.
const testBuildDir = process.env.NEXT_TEST_BUILD_DIR;

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  distDir: testBuildDir || '.next',
  // `npm run typecheck` checks the whole project; test builds skip Next's second pass.
  typescript: testBuildDir ? { tsconfigPath: `${testBuildDir}.tsconfig.json`, ignoreBuildErrors: true } : undefined,
  // The local stack's data and the tooling folders are not part of the app.
  outputFileTracingExcludes: { '*': ['.data/**', 'local-stack/**', 'bench/**', 'e2e/**', 'security/**'] },
};

export default nextConfig;
