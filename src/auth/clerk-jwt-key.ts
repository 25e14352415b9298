/** Clerk's PEM public key from CLERK_JWT_KEY (the SDK does not read it itself). */
export function clerkJwtKey(): string | undefined {
  return process.env.CLERK_JWT_KEY?.replace(/\\n/g, '\n') || undefined;
}
