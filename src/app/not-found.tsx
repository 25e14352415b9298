import Link from 'next/link';

// An address that is not a page of this app: say so in the app's own layout, with a way back.
export default function NotFound() {
  return (
    <main>
      <header className="bar">
        <h1>Page not found</h1>
      </header>
      <p>There is no page at this address.</p>
      <p>
        <Link href="/">Back to your tasks</Link>
      </p>
    </main>
  );
}
