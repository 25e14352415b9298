import { ClerkProvider } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import Header from './header.jsx';

export default async function RootLayout({ children }) {
  const { userId } = await auth();
  return (
    <ClerkProvider>
      <html lang="en">
        <body>
          <p id="server-user">server-user:{userId ?? 'none'}</p>
          <Header />
          <main>{children}</main>
        </body>
      </html>
    </ClerkProvider>
  );
}
