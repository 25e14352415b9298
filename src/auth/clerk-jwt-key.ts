/**
 * Clerk's PEM public key from CLERK_JWT_KEY (the SDK does not read it itself). With it, session
 * tokens verify with no network call; `\n` escapes are accepted, since many hosts store one line.
 */
export function clerkJwtKey(): string | undefined {
  return process.env.CLERK_JWT_KEY?.replace(/\\n/g, '\n') || undefined;
}
