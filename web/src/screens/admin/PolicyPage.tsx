export default function PolicyPage() {
  return <p className="muted">Coming in this release.</p>;
}
