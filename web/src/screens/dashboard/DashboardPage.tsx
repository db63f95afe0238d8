export default function DashboardPage() {
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
