export default function HomePage() {
  return (
    <main>
      <h1>Tasks</h1>
      <p>Sign in to manage your own tasks.</p>
    </main>
  );
}
