'use client';

// Last resort for anything a page did not handle itself: a plain message, never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <header className="bar">
        <h1>Something went wrong</h1>
      </header>
      <p role="alert">The page could not be shown. Nothing you saved is lost; please try again.</p>
      <p>
        <button type="button" className="primary" onClick={reset}>
          Try again
        </button>
      </p>
    </main>
  );
}
