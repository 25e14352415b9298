import { ClerkProvider } from '@clerk/nextjs';
import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tasks',
  description: 'Your own task list: Clerk sign-in, Supabase storage, Row Level Security.',
};

// The browser's own parts (scrollbars, form controls, the bar above the page) follow the page's theme.
export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#111315' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's CSP nonce (src/proxy.ts): Clerk's script tags carry it, as Next's own do.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // After the UserButton's sign-out, clerk-js lands on the home page, signed out.
    <ClerkProvider afterSignOutUrl="/" nonce={nonce}>
      <html lang="en">
        <body>
          <div className="page">{children}</div>
        </body>
      </html>
    </ClerkProvider>
  );
}
