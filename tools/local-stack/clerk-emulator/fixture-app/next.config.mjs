// Minimal Next app used by the Clerk emulator's tests. Build output goes under the repo's ignored .data/
// so linters and git never see it.
/** @type {import('next').NextConfig} */
const nextConfig = {
  distDir: process.env.CLERK_FIXTURE_DIST_DIR ?? '../../../../.data/clerk-fixture-app/next',
  poweredByHeader: false,
};

export default nextConfig;
