'use client';
import { useAuth } from '@clerk/nextjs';

/** What clerk-js thinks, once loaded in the browser (used by the browser check). */
export function SignedInStatus() {
  const { isLoaded, userId } = useAuth();
  return <p id="client-user">{`client-user:${isLoaded ? (userId ?? 'none') : 'loading'}`}</p>;
}
