import { signOut } from '@/auth/actions';

export function SignOutForm() {
  return (
    <form action={signOut}>
      <button type="submit">Sign out</button>
    </form>
  );
}
