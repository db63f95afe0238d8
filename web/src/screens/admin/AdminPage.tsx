export default function AdminPage() {
  return (
    <section>
      <h1>Admin</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
