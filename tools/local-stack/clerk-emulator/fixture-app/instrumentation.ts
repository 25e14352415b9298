// Without its own instrumentation file, `next build <this dir>` picked up the repo's src/instrumentation.ts
// (which validates the real app's env). This no-op keeps the fixture independent of the app.
export function register(): void {}
