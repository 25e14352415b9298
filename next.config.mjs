/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The local stack's data and the tooling folders are not part of the app.
  outputFileTracingExcludes: { '*': ['.data/**', 'local-stack/**', 'bench/**', 'e2e/**'] },
};

export default nextConfig;
