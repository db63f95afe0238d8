/** Contract for the asset page (screens/asset) — filled in by the sharing area. */
export interface ExportDialogProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

export function ExportDialog(_props: ExportDialogProps) {
  return <p className="muted">ExportDialog: coming in this release.</p>;
}
