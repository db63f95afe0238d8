/**
 * What enrichment found: tags grouped by where they came from, the palette (swatch, hex, share), the OCR text (its
 * boxes drawn on the picture with a toggle) and faces and objects (likewise), and which enrichers are still to run.
 */
import { contentOf, isObject, num, str, type Enrichments } from './asset-data.ts';
import { percent } from './provenance.ts';
import styles from './AssetPage.module.css';

export interface Layers {
  ocr: boolean;
  detections: boolean;
  brand: boolean;
  /** The places of the colours the brand check counted off-palette (a hatched mask). */
  offPalette: boolean;
  comments: boolean;
}

const tagSourceNames: Record<string, string> = {
  prompt: 'From the prompt',
  'file-name': 'From the file name',
  visual: 'Seen in the picture',
  manual: 'Added by people',
  connector: 'From the source system',
  objects: 'Objects detected',
};

export function EnrichmentPanel({
  enrichments,
  layers,
  onLayers,
}: {
  enrichments: Enrichments;
  layers: Layers;
  onLayers: (layers: Layers) => void;
}) {
  const content = contentOf(enrichments);
  const bySource = new Map<string, Enrichments['tags']>();
  for (const tag of enrichments.tags) bySource.set(tag.source, [...(bySource.get(tag.source) ?? []), tag]);
  const detections = content.faces.length + content.objects.length;
  return (
    <div className="stack">
      {enrichments.pending.length > 0 && (
        <p className="muted small" role="status">
          Still to run: {enrichments.pending.join(', ')}.
        </p>
      )}
      <h3>Tags</h3>
      {bySource.size === 0 ? (
        <p className="muted">No tags.</p>
      ) : (
        [...bySource].map(([source, tags]) => (
          <div key={source}>
            <h4 className={styles.subhead}>{tagSourceNames[source] ?? source}</h4>
            <ul className={styles.tags}>
              {tags.map((t) => (
                <li key={`${t.label}-${t.model}`} title={`${t.category}, ${t.model}`}>
                  {t.label} <span className="muted small">{Math.round(t.confidence * 100)} %</span>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      <h3>Palette</h3>
      {enrichments.palette.length === 0 ? (
        <p className="muted">No palette yet.</p>
      ) : (
        <ul className={styles.swatches} aria-label="Palette">
          {enrichments.palette.filter(isObject).map((c) => (
            <li key={str(c.hex)}>
              <span className={styles.swatch} style={{ background: str(c.hex) }} aria-hidden="true" />
              <code>{str(c.hex)}</code> {percent(num(c.share))} <span className="muted small">{str(c.name)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Text in the picture</h3>
      {!content.ocrRan ? (
        <p className="muted">Not read (OCR has not run).</p>
      ) : content.words.length === 0 ? (
        <p className="muted">No text found.</p>
      ) : (
        <>
          <label className="row">
            <input
              type="checkbox"
              checked={layers.ocr}
              onChange={(e) => onLayers({ ...layers, ocr: e.target.checked })}
            />
            Show the words’ boxes on the picture
          </label>
          <p className={styles.ocrText}>{content.text}</p>
        </>
      )}
      <h3>Faces and objects</h3>
      {detections === 0 ? (
        <p className="muted">None found.</p>
      ) : (
        <>
          <label className="row">
            <input
              type="checkbox"
              checked={layers.detections}
              onChange={(e) => onLayers({ ...layers, detections: e.target.checked })}
            />
            Show faces and objects on the picture
          </label>
          <ul className="small">
            {content.faces.length > 0 && <li>{content.faces.length} face(s)</li>}
            {content.objects.map((o, i) => (
              <li key={i}>
                {o.label} <span className="muted">({Math.round(o.score * 100)} %)</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
