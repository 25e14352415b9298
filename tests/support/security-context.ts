// What the global setup hands every security test file (vitest provide/inject): the one app under
// test, its stack's keys, and a loopback control endpoint for outages (the stack lives in the setup process).
import { inject } from 'vitest';

export interface SecurityContext {
  appUrl: string;
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Superuser URL of the stack's (embedded) PostgreSQL: the ground truth for every check. */
  databaseUrl: string;
  clerkApiUrl: string;
  clerkSecretKey: string;
  clerkEmulatorUrl: string;
  /** The emulator's signing key, to mint expired/forged session cookies that differ from real ones in one respect only. */
  clerkPrivateKeyPem: string;
  clerkKid: string;
  clerkIssuer: string;
  /** POST `${controlUrl}/stop/<service>` or `/start/<service>`; GET `/app-log`. */
  controlUrl: string;
  /** JSON-lines file the test files append their cases to; the teardown turns it into the report. */
  casesFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    security: SecurityContext;
  }
}

export const securityContext = (): SecurityContext => inject('security');
