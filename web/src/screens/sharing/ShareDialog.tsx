/** Contract for the asset page (screens/asset) — filled in by the sharing area. */
export interface ShareDialogProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

export function ShareDialog(_props: ShareDialogProps) {
  return <p className="muted">ShareDialog: coming in this release.</p>;
}
