import { SignIn } from '@clerk/nextjs';

// Hash routing keeps the fixture to one route per component (no catch-all segments).
export default function SignInPage() {
  return <SignIn routing="hash" signUpUrl="/sign-up" fallbackRedirectUrl="/" />;
}
