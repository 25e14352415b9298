// An organization list the signed-in user cannot open: it does not exist or they are not a member.
// Nothing says which, so the page reveals nothing about other people's organizations.
export default function OrganizationNotFound() {
  return (
    <main>
      <header className="bar">
        <h1>List not found</h1>
      </header>
      <p role="alert">There is no such list, or you are not a member of its organization.</p>
      <p>
        {/* A full page load: the personal list must be activated by Clerk's handshake. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/">Back to your tasks</a>
      </p>
    </main>
  );
}
