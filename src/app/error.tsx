'use client';

// Last resort for anything a page did not handle itself: a plain message, never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <h1>Something went wrong</h1>
      <p role="alert">The page could not be shown. Nothing you saved is lost; please try again.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
