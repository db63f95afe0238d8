/**
 * Logo placement zones drawn on a frame: drag on the picture to draw a rectangle (in fractions of the frame, as the
 * rule stores them), or type each zone's position and size in percent (the keyboard's way). Overlapping zones are
 * named at once (the server refuses them).
 */
import { useId, useRef, useState, type PointerEvent } from 'react';
import { overlappingZones, type Zone } from './guideline.ts';
import { NumberInput, TextInput } from './forms.tsx';
import type { Sample } from './sample.ts';
import styles from './Brand.module.css';

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 1000) / 1000;
const pct = (v: number) => Math.round(v * 1000) / 10;

export function ZoneEditor({
  zones,
  onChange,
  sample,
}: {
  zones: Zone[];
  onChange: (zones: Zone[]) => void;
  sample: Sample | undefined;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const [drawing, setDrawing] = useState<{ x0: number; y0: number; x1: number; y1: number }>();
  const at = (event: PointerEvent) => {
    const box = frame.current!.getBoundingClientRect();
    return { x: clamp01((event.clientX - box.left) / box.width), y: clamp01((event.clientY - box.top) / box.height) };
  };
  const rect = (d: { x0: number; y0: number; x1: number; y1: number }) => ({
    x: round(Math.min(d.x0, d.x1)),
    y: round(Math.min(d.y0, d.y1)),
    width: round(Math.abs(d.x1 - d.x0)),
    height: round(Math.abs(d.y1 - d.y0)),
  });
  const overlaps = overlappingZones(zones);
  const update = (index: number, change: Partial<Zone>) =>
    onChange(zones.map((z, i) => (i === index ? { ...z, ...change } : z)));
  const newName = () => {
    let n = zones.length + 1;
    while (zones.some((z) => z.name === `zone-${n}`)) n++;
    return `zone-${n}`;
  };

  return (
    <div className="stack">
      <div
        ref={frame}
        className={styles.zoneFrame}
        style={{ aspectRatio: sample ? `${sample.width} / ${sample.height}` : '16 / 9' }}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          frame.current!.setPointerCapture(e.pointerId);
          const p = at(e);
          setDrawing({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => {
          if (!drawing) return;
          const p = at(e);
          setDrawing({ ...drawing, x1: p.x, y1: p.y });
        }}
        onPointerUp={() => {
          if (!drawing) return;
          const r = rect(drawing);
          setDrawing(undefined);
          if (r.width >= 0.02 && r.height >= 0.02) onChange([...zones, { name: newName(), ...r }]);
        }}
        aria-describedby={helpId}
      >
        {sample ? (
          <img src={sample.url} alt={`Frame: ${sample.label}`} draggable={false} />
        ) : (
          <span className="muted small">Blank 16:9 frame</span>
        )}
        {zones.map((z, i) => (
          <div
            key={i}
            className={styles.zone}
            style={{
              left: `${z.x * 100}%`,
              top: `${z.y * 100}%`,
              width: `${z.width * 100}%`,
              height: `${z.height * 100}%`,
            }}
          >
            <span>{z.name || `zone ${i + 1}`}</span>
          </div>
        ))}
        {drawing && (
          <div
            className={`${styles.zone} ${styles.zoneDrawing}`}
            style={(() => {
              const r = rect(drawing);
              return {
                left: `${r.x * 100}%`,
                top: `${r.y * 100}%`,
                width: `${r.width * 100}%`,
                height: `${r.height * 100}%`,
              };
            })()}
          />
        )}
      </div>
      <p id={helpId} className="muted small">
        Drag on the frame to draw a zone where the logo may sit, or add one and type its place in percent of the frame.
      </p>
      {overlaps.length > 0 && (
        <p role="alert" className="problem">
          Zones may touch but not overlap:{' '}
          {overlaps.map(([a, b]) => `${zones[a]?.name} and ${zones[b]?.name}`).join('; ')}.
        </p>
      )}
      {zones.length > 0 && (
        <ol className={styles.zoneList} aria-label="Zones">
          {zones.map((z, i) => (
            <li key={i} className={styles.zoneRow}>
              <TextInput label={`Zone ${i + 1} name`} value={z.name} onChange={(name) => update(i, { name })} />
              <NumberInput
                label="Left %"
                value={pct(z.x)}
                min={0}
                max={100}
                onChange={(v) => update(i, { x: round((v ?? 0) / 100) })}
              />
              <NumberInput
                label="Top %"
                value={pct(z.y)}
                min={0}
                max={100}
                onChange={(v) => update(i, { y: round((v ?? 0) / 100) })}
              />
              <NumberInput
                label="Width %"
                value={pct(z.width)}
                min={0}
                max={100}
                onChange={(v) => update(i, { width: round((v ?? 0) / 100) })}
              />
              <NumberInput
                label="Height %"
                value={pct(z.height)}
                min={0}
                max={100}
                onChange={(v) => update(i, { height: round((v ?? 0) / 100) })}
              />
              <button type="button" className="danger" onClick={() => onChange(zones.filter((_, k) => k !== i))}>
                Remove<span className="visually-hidden"> zone {z.name}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <div>
        <button
          type="button"
          onClick={() => onChange([...zones, { name: newName(), x: 0, y: 0, width: 0.25, height: 0.25 }])}
          disabled={zones.length >= 16}
        >
          Add a zone
        </button>
      </div>
    </div>
  );
}
