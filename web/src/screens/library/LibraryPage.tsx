export default function LibraryPage() {
  return (
    <section>
      <h1>Library</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
