export default function IntakePage() {
  return (
    <section>
      <h1>Intake</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
