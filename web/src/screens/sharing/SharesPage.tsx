export default function SharesPage() {
  return (
    <section>
      <h1>Shares</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
