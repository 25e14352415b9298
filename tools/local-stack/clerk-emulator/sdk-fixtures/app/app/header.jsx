'use client';
// <SignedIn>/<SignedOut> exist in @clerk/nextjs 6 only; useAuth works in 6 and 7.
import { SignInButton, UserButton, useAuth } from '@clerk/nextjs';

export default function Header() {
  const { isLoaded, isSignedIn, userId } = useAuth();
  if (!isLoaded) return <header>loading</header>;
  return (
    <header>
      <p id="client-user">client-user:{userId ?? 'none'}</p>
      {isSignedIn ? <UserButton /> : <SignInButton />}
    </header>
  );
}
