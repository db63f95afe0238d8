/** Contract for the asset page (screens/asset) — filled in by the sharing area. */
export interface RightsPanelProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

export function RightsPanel(_props: RightsPanelProps) {
  return <p className="muted">RightsPanel: coming in this release.</p>;
}
