export default function AssetPage() {
  return (
    <section>
      <h1>Asset</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
