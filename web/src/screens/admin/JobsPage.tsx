export default function JobsPage() {
  return <p className="muted">Coming in this release.</p>;
}
