/**
 * Boxes drawn over the picture: OCR words, faces, objects, brand evidence and comment regions. The API reports boxes
 * in the original picture's pixels; the picture is shown at another size (the 1024 px preview, fitted to the viewer),
 * so each box is placed at `displayed / original` scale. Labels are React text (OCR words and comments are data).
 */
import type { Box } from './asset-data.ts';
import styles from './AssetPage.module.css';

export type OverlayKind = 'ocr' | 'face' | 'object' | 'logo' | 'word' | 'region' | 'draft';

export interface OverlayBox {
  id: string;
  kind: OverlayKind;
  box: Box;
  label: string;
  /** Drawn stronger (the comment or rule the user points at). */
  highlighted?: boolean;
}

export interface Size {
  width: number;
  height: number;
}

/** Where a box in original pixels lands on the picture as displayed. */
export function placeBox(box: Box, original: Size, displayed: Size) {
  const sx = displayed.width / original.width;
  const sy = displayed.height / original.height;
  return { left: box.x * sx, top: box.y * sy, width: box.width * sx, height: box.height * sy };
}

const kindNames: Record<OverlayKind, string> = {
  ocr: 'Text',
  face: 'Face',
  object: 'Object',
  logo: 'Logo',
  word: 'Matched word',
  region: 'Comment region',
  draft: 'New region',
};

export function EvidenceOverlay({
  boxes,
  original,
  displayed,
}: {
  boxes: OverlayBox[];
  original: Size;
  displayed: Size;
}) {
  if (boxes.length === 0 || original.width <= 0 || original.height <= 0) return null;
  return (
    <ul className={styles.overlay} aria-label="Marks on the picture">
      {boxes.map((b) => {
        const at = placeBox(b.box, original, displayed);
        return (
          <li
            key={b.id}
            data-kind={b.kind}
            data-highlighted={b.highlighted ? 'true' : undefined}
            className={styles.mark}
            style={{ left: at.left, top: at.top, width: at.width, height: at.height }}
          >
            <span className={styles.markLabel}>
              <span className="visually-hidden">{kindNames[b.kind]}: </span>
              {b.label}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
