import { ClerkProvider } from '@clerk/nextjs';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tasks',
  description: 'Your own task list: Clerk sign-in, Supabase storage, Row Level Security.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // After the UserButton's sign-out, clerk-js lands on the home page, signed out.
    <ClerkProvider afterSignOutUrl="/">
      <html lang="en">
        <body>
          <div className="page">{children}</div>
        </body>
      </html>
    </ClerkProvider>
  );
}
