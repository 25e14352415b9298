import { Show, UserButton } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import { SignedInStatus } from './signed-in-status';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const { userId } = await auth();
  return (
    <main>
      <p id="server-user">{`server-user:${userId ?? 'none'}`}</p>
      <SignedInStatus />
      <Show when="signed-in">
        <UserButton />
      </Show>
    </main>
  );
}
