export default function RolesPage() {
  return <p className="muted">Coming in this release.</p>;
}
