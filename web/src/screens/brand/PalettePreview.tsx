/**
 * The palette rule on a sample: each pixel on palette (shown as it is), off palette (grey hatching) or forbidden
 * (dark cross-hatching), recomputed as the tolerance moves; the shares in words beside it, compared with the rule's
 * minimum and maximum, so the preview never rests on colour alone.
 */
import { useEffect, useMemo, useRef } from 'react';
import { classifyPixels, pixelClasses, type PaletteClassification, type PreviewRule } from './palette-preview.ts';
import type { Sample } from './sample.ts';
import styles from './Brand.module.css';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function PalettePreview({
  rule,
  sample,
  minOnPaletteShare,
  maxForbiddenShare,
}: {
  rule: PreviewRule;
  sample: Sample | undefined;
  minOnPaletteShare: number;
  maxForbiddenShare: number;
}) {
  const result = useMemo(() => (sample ? classifyPixels(sample.pixels, rule) : undefined), [sample, rule]);
  if (!sample || !result)
    return <p className="muted small">Pick a sample picture above to see which of its pixels are on this palette.</p>;
  return (
    <div className={styles.preview}>
      <ClassCanvas sample={sample} result={result} />
      <PreviewSummary result={result} minOnPaletteShare={minOnPaletteShare} maxForbiddenShare={maxForbiddenShare} />
    </div>
  );
}

export function PreviewSummary({
  result,
  minOnPaletteShare,
  maxForbiddenShare,
}: {
  result: PaletteClassification;
  minOnPaletteShare: number;
  maxForbiddenShare: number;
}) {
  const onPasses = result.onShare >= minOnPaletteShare;
  const forbiddenPasses = result.forbiddenShare <= maxForbiddenShare;
  return (
    <div className="stack small" aria-live="polite">
      <p>
        <span className={`badge ${onPasses && forbiddenPasses ? 'ok' : 'fail'}`}>
          {onPasses && forbiddenPasses ? 'Sample passes' : 'Sample violates the rule'}
        </span>
      </p>
      <dl className={styles.shares}>
        <dt>On palette</dt>
        <dd>
          {percent(result.onShare)} (at least {percent(minOnPaletteShare)}: {onPasses ? 'enough' : 'too little'})
        </dd>
        <dt>Off palette</dt>
        <dd>{percent(result.offShare)}</dd>
        <dt>Forbidden colours</dt>
        <dd>
          {percent(result.forbiddenShare)} (at most {percent(maxForbiddenShare)}:{' '}
          {forbiddenPasses ? 'fine' : 'too much'})
        </dd>
      </dl>
      <ul className={styles.colourShares} aria-label="Share of the sample per brand colour">
        {result.byColour.map((c, i) => (
          <li key={`${c.hex}-${i}`}>
            <span className={styles.swatch} style={{ background: c.hex }} aria-hidden="true" />
            {c.name || c.hex}: {percent(c.share)}
          </li>
        ))}
      </ul>
      <p className="muted">
        In the classified picture: pixels on the palette keep their colour, off-palette pixels are hatched grey and
        forbidden ones cross-hatched.
      </p>
    </div>
  );
}

function ClassCanvas({ sample, result }: { sample: Sample; result: PaletteClassification }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const out = context.createImageData(sample.width, sample.height);
    const src = sample.pixels;
    for (let p = 0; p < result.classes.length; p++) {
      const i = p * 4;
      const x = p % sample.width;
      const y = Math.floor(p / sample.width);
      const cls = result.classes[p];
      let rgb: [number, number, number];
      if (cls === pixelClasses.on) rgb = [src[i] ?? 0, src[i + 1] ?? 0, src[i + 2] ?? 0];
      else if (cls === pixelClasses.forbidden)
        rgb = (x + y) % 4 < 2 || (x - y + 4096) % 4 < 2 ? [20, 20, 20] : [250, 230, 60];
      else if (cls === pixelClasses.off) rgb = (x + y) % 6 < 2 ? [90, 90, 90] : [200, 200, 200];
      else rgb = (Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? [255, 255, 255] : [220, 220, 220];
      out.data[i] = rgb[0];
      out.data[i + 1] = rgb[1];
      out.data[i + 2] = rgb[2];
      out.data[i + 3] = 255;
    }
    context.putImageData(out, 0, 0);
  }, [sample, result]);
  return (
    <div className={styles.previewFigures}>
      <figure>
        <img src={sample.url} alt={`Sample: ${sample.label}`} width={sample.width} height={sample.height} />
        <figcaption className="small muted">Sample</figcaption>
      </figure>
      <figure>
        <canvas
          ref={canvas}
          width={sample.width}
          height={sample.height}
          role="img"
          aria-label={`The sample classified: ${percent(result.onShare)} on palette, ${percent(result.offShare)} off palette, ${percent(result.forbiddenShare)} forbidden`}
        />
        <figcaption className="small muted">Classified</figcaption>
      </figure>
    </div>
  );
}
