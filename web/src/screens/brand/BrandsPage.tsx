export default function BrandsPage() {
  return (
    <section>
      <h1>Brands</h1>
      <p className="muted">Coming in this release.</p>
    </section>
  );
}
