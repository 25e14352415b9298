import { signOut } from '@/auth/actions';

/** A plain form: signing out works without JavaScript. */
export function SignOutForm() {
  return (
    <form action={signOut}>
      <button type="submit">Sign out</button>
    </form>
  );
}
