// The floor has nothing to set up; without this file Next would pick up the app's src/instrumentation.ts.
export function register(): void {}
