'use client';
import { UserButton, useAuth } from '@clerk/nextjs';
import type { ReactNode } from 'react';

export function AccountMenu({ fallback }: { fallback: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  if (!isLoaded || !isSignedIn) return fallback;
  return (
    <div className="account-menu">
      <UserButton />
    </div>
  );
}
