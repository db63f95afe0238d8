export default function ReviewPage() {
  return (
    <section>
      <h1>Review</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
