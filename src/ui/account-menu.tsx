'use client';
import { UserButton, useAuth } from '@clerk/nextjs';
import type { ReactNode } from 'react';

/**
 * The signed-in header control. The server renders `fallback` (the plain sign-out form), which stays without
 * JavaScript or if clerk-js never loads; once clerk-js has loaded and agrees the user is signed in, Clerk's
 * UserButton takes its place, and its sign-out ends the session at Clerk through the Frontend API.
 */
export function AccountMenu({ fallback }: { fallback: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  if (!isLoaded || !isSignedIn) return fallback;
  return (
    <div className="account-menu">
      <UserButton />
    </div>
  );
}
