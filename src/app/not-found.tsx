// Also an organization's list the user cannot open: nothing says which, so nothing leaks about organizations.
export default function NotFound() {
  return (
    <main>
      <header className="bar">
        <h1>Not found</h1>
      </header>
      <p role="alert">There is no such page or list, or you are not a member of its organization.</p>
      <p>
        {/* A full page load: the personal list must be activated by Clerk's handshake. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/">Back to your tasks</a>
      </p>
    </main>
  );
}
