/**
 * One rule of the guideline as a form: the fields every rule has (id, severity, weight, description) and those of its
 * type; the palette rule with its ΔE preview on the sample, the logo rule with its zones drawn on the frame. The
 * server's problems whose path starts with this rule (rules[2]…) are listed under it.
 */
import { useId, useMemo } from 'react';
import { Checkbox, Choice, CommaInput, LinesInput, NumberInput, TextInput } from './forms.tsx';
import { ruleTypeLabels, type Rule } from './guideline.ts';
import { PalettePreview } from './PalettePreview.tsx';
import type { Sample } from './sample.ts';
import { ZoneEditor } from './ZoneEditor.tsx';
import styles from './Brand.module.css';

export interface RuleEditorProps {
  rule: Rule;
  index: number;
  onChange: (rule: Rule) => void;
  onRemove: () => void;
  /** Moves the rule up (-1) or down (+1) the list; absent at that end. */
  onMove?: { up?: () => void; down?: () => void };
  logoNames: string[];
  channels: string[];
  sample: Sample | undefined;
  problems: { field: string; problem: string }[];
}

const severities = [
  { value: 'fail', label: 'Fail: the asset goes back to its requestor' },
  { value: 'warn', label: 'Warn: flagged, goes on to review' },
] as const;

export function RuleEditor({
  rule,
  index,
  onChange,
  onRemove,
  onMove,
  logoNames,
  channels,
  sample,
  problems,
}: RuleEditorProps) {
  const headingId = useId();
  return (
    <section className={`card stack ${styles.rule}`} aria-labelledby={headingId}>
      <div className={styles.ruleHead}>
        <h3 id={headingId}>
          {ruleTypeLabels[rule.type]} rule <code>{rule.id || `#${index + 1}`}</code>
        </h3>
        <div className="row">
          <button type="button" onClick={onMove?.up} disabled={!onMove?.up}>
            Move up<span className="visually-hidden"> rule {rule.id}</span>
          </button>
          <button type="button" onClick={onMove?.down} disabled={!onMove?.down}>
            Move down<span className="visually-hidden"> rule {rule.id}</span>
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            Remove<span className="visually-hidden"> rule {rule.id}</span>
          </button>
        </div>
      </div>
      <div className={styles.grid}>
        <TextInput
          label="Rule id"
          value={rule.id}
          required
          onChange={(id) => onChange({ ...rule, id })}
          hint="Lowercase letters, digits, dashes; keep it across versions."
        />
        <Choice
          label="Severity"
          value={rule.severity}
          options={severities}
          onChange={(severity) => onChange({ ...rule, severity })}
        />
        <NumberInput
          label="Weight"
          value={rule.weight}
          min={0}
          step={0.5}
          onChange={(weight) => onChange({ ...rule, weight: weight ?? 1 })}
        />
        <TextInput
          label="Description"
          value={rule.description}
          onChange={(description) => onChange({ ...rule, description })}
        />
      </div>
      <TypeFields rule={rule} onChange={onChange} logoNames={logoNames} channels={channels} sample={sample} />
      {problems.length > 0 && (
        <ul className="problem" aria-label={`Problems in rule ${rule.id}`}>
          {problems.map((p) => (
            <li key={`${p.field}:${p.problem}`}>
              <code>{p.field}</code> {p.problem}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TypeFields({
  rule,
  onChange,
  logoNames,
  channels,
  sample,
}: Pick<RuleEditorProps, 'rule' | 'onChange' | 'logoNames' | 'channels' | 'sample'>) {
  switch (rule.type) {
    case 'palette':
      return <PaletteFields rule={rule} onChange={onChange} sample={sample} />;
    case 'logo':
      return (
        <div className="stack">
          <div className={styles.grid}>
            <Choice
              label="Logo"
              value={rule.logoId}
              options={[
                { value: '', label: logoNames.length > 0 ? 'Choose an uploaded logo' : 'Upload a logo first (below)' },
                ...logoNames.map((n) => ({ value: n, label: n })),
                ...(rule.logoId && !logoNames.includes(rule.logoId)
                  ? [{ value: rule.logoId, label: `${rule.logoId} (not uploaded)` }]
                  : []),
              ]}
              onChange={(logoId) => onChange({ ...rule, logoId })}
            />
            <Choice
              label="Presence"
              value={rule.presence}
              options={[
                { value: 'required', label: 'Required (in a zone)' },
                { value: 'forbidden', label: 'Forbidden' },
              ]}
              onChange={(presence) => onChange({ ...rule, presence })}
            />
            <NumberInput
              label="Minimum match score (0–1)"
              value={rule.minScore}
              min={0}
              max={1}
              step={0.05}
              onChange={(v) => onChange({ ...rule, minScore: v ?? 0.7 })}
            />
            <NumberInput
              label="Clear space (fraction of the logo’s shorter side)"
              value={rule.clearSpace}
              min={0}
              step={0.05}
              hint="Empty: none asked."
              onChange={(clearSpace) => onChange({ ...rule, clearSpace })}
            />
          </div>
          <fieldset>
            <legend>Placement zones</legend>
            <ZoneEditor zones={rule.zones} sample={sample} onChange={(zones) => onChange({ ...rule, zones })} />
          </fieldset>
        </div>
      );
    case 'text':
      return (
        <div className={styles.grid}>
          <LinesInput
            label="Forbidden words and phrases"
            value={rule.forbidden}
            onChange={(forbidden) => onChange({ ...rule, forbidden })}
            hint="One per line; * stands for letters inside a word (Initech*)."
          />
          <LinesInput
            label="Required disclaimers"
            value={rule.required}
            onChange={(required) => onChange({ ...rule, required })}
          />
          <Checkbox
            label="Forbid stock-photo watermarks (Shutterstock, Getty Images…)"
            checked={rule.forbidStockWatermarks}
            onChange={(v) => onChange({ ...rule, forbidStockWatermarks: v })}
          />
          <NumberInput
            label="Misspelling distance of the brand name (0 = off, up to 3)"
            value={rule.misspellingDistance}
            min={0}
            max={3}
            step={1}
            onChange={(v) => onChange({ ...rule, misspellingDistance: v ?? 0 })}
          />
          <NumberInput
            label="Least OCR confidence (0–1)"
            value={rule.minConfidence}
            min={0}
            max={1}
            step={0.05}
            onChange={(v) => onChange({ ...rule, minConfidence: v ?? 0.5 })}
          />
        </div>
      );
    case 'prompt':
      return (
        <LinesInput
          label="Terms the prompt may not contain"
          value={rule.forbidden}
          onChange={(forbidden) => onChange({ ...rule, forbidden })}
          hint="One per line: competitor brands, living artists, real people."
        />
      );
    case 'people':
      return (
        <div className={styles.grid}>
          <Checkbox
            label="Require a model release when realistic people are found"
            checked={rule.requireModelRelease}
            onChange={(v) => onChange({ ...rule, requireModelRelease: v })}
          />
          <Choice
            label="Raise the review tier to"
            value={rule.raiseTierTo === undefined ? '' : String(rule.raiseTierTo)}
            options={[
              { value: '', label: 'Leave the tier' },
              { value: '1', label: 'Tier 1' },
              { value: '2', label: 'Tier 2' },
              { value: '3', label: 'Tier 3' },
            ]}
            onChange={(v) =>
              onChange({ ...rule, raiseTierTo: v === '1' ? 1 : v === '2' ? 2 : v === '3' ? 3 : undefined })
            }
          />
        </div>
      );
    case 'channel-format':
      return (
        <fieldset className="stack">
          <legend>Formats per channel</legend>
          {rule.channels.map((c, i) => {
            const set = (change: Partial<typeof c>) =>
              onChange({ ...rule, channels: rule.channels.map((x, k) => (k === i ? { ...x, ...change } : x)) });
            return (
              <div key={i} className={styles.grid}>
                <Choice
                  label={`Channel ${i + 1}`}
                  value={c.channel}
                  options={[...new Set([c.channel, ...channels])].map((n) => ({ value: n, label: n || 'Choose' }))}
                  onChange={(channel) => set({ channel })}
                />
                <CommaInput
                  label="Aspect ratios (W:H)"
                  value={c.aspectRatios}
                  onChange={(aspectRatios) => set({ aspectRatios })}
                  hint="e.g. 1:1, 4:5; empty: any."
                />
                <NumberInput
                  label="Least width (px)"
                  value={c.minWidth}
                  min={0}
                  step={1}
                  onChange={(v) => set({ minWidth: v ?? 0 })}
                />
                <NumberInput
                  label="Least height (px)"
                  value={c.minHeight}
                  min={0}
                  step={1}
                  onChange={(v) => set({ minHeight: v ?? 0 })}
                />
                <button
                  type="button"
                  className="danger"
                  onClick={() => onChange({ ...rule, channels: rule.channels.filter((_, k) => k !== i) })}
                >
                  Remove<span className="visually-hidden"> channel {c.channel}</span>
                </button>
              </div>
            );
          })}
          <div>
            <button
              type="button"
              onClick={() =>
                onChange({
                  ...rule,
                  channels: [
                    ...rule.channels,
                    { channel: channels[0] ?? '', aspectRatios: [], aspectTolerance: 0.01, minWidth: 0, minHeight: 0 },
                  ],
                })
              }
            >
              Add a channel
            </button>
          </div>
        </fieldset>
      );
    case 'moderation':
      return (
        <fieldset className="stack">
          <legend>Thresholds (a label scoring at least its threshold violates the rule)</legend>
          {rule.thresholds.map((t, i) => {
            const set = (change: Partial<typeof t>) =>
              onChange({ ...rule, thresholds: rule.thresholds.map((x, k) => (k === i ? { ...x, ...change } : x)) });
            return (
              <div key={i} className={styles.grid}>
                <TextInput label={`Label ${i + 1}`} value={t.label} onChange={(label) => set({ label })} />
                <NumberInput
                  label="Threshold (0–1)"
                  value={t.value}
                  min={0}
                  max={1}
                  step={0.05}
                  onChange={(v) => set({ value: v ?? 0 })}
                />
                <button
                  type="button"
                  className="danger"
                  onClick={() => onChange({ ...rule, thresholds: rule.thresholds.filter((_, k) => k !== i) })}
                >
                  Remove<span className="visually-hidden"> threshold {t.label}</span>
                </button>
              </div>
            );
          })}
          <div>
            <button
              type="button"
              onClick={() => onChange({ ...rule, thresholds: [...rule.thresholds, { label: '', value: 0.5 }] })}
            >
              Add a threshold
            </button>
          </div>
        </fieldset>
      );
  }
}

function PaletteFields({
  rule,
  onChange,
  sample,
}: {
  rule: Extract<Rule, { type: 'palette' }>;
  onChange: (rule: Rule) => void;
  sample: Sample | undefined;
}) {
  const toleranceId = useId();
  const preview = useMemo(
    () => ({ colours: rule.colours, tolerance: rule.tolerance, forbidden: rule.forbidden }),
    [rule.colours, rule.tolerance, rule.forbidden],
  );
  return (
    <div className="stack">
      <fieldset className="stack">
        <legend>Brand colours</legend>
        {rule.colours.map((c, i) => (
          <ColourRow
            key={i}
            label={`Colour ${i + 1}`}
            colour={c}
            onChange={(colour) => onChange({ ...rule, colours: rule.colours.map((x, k) => (k === i ? colour : x)) })}
            onRemove={() => onChange({ ...rule, colours: rule.colours.filter((_, k) => k !== i) })}
          />
        ))}
        <div>
          <button
            type="button"
            onClick={() => onChange({ ...rule, colours: [...rule.colours, { name: '', hex: '#1d1d1b' }] })}
          >
            Add a colour
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={toleranceId}>Tolerance (ΔE2000): {rule.tolerance}</label>
        <input
          id={toleranceId}
          type="range"
          min={0}
          max={50}
          step={0.5}
          value={rule.tolerance}
          aria-describedby={`${toleranceId}-hint`}
          onChange={(e) => onChange({ ...rule, tolerance: Number(e.target.value) })}
        />
        <small id={`${toleranceId}-hint`} className="muted">
          About 2.3 is a just noticeable difference; 10 is “the same colour” in practice.
        </small>
      </div>
      <div className={styles.grid}>
        <NumberInput
          label="Least on-palette share (%)"
          value={Math.round(rule.minOnPaletteShare * 1000) / 10}
          min={0}
          max={100}
          onChange={(v) => onChange({ ...rule, minOnPaletteShare: (v ?? 0) / 100 })}
        />
        <NumberInput
          label="Most forbidden share (%)"
          value={Math.round(rule.maxForbiddenShare * 1000) / 10}
          min={0}
          max={100}
          onChange={(v) => onChange({ ...rule, maxForbiddenShare: (v ?? 0) / 100 })}
        />
      </div>
      <fieldset className="stack">
        <legend>Forbidden colours</legend>
        {rule.forbidden.length === 0 && <p className="muted small">None.</p>}
        {rule.forbidden.map((c, i) => (
          <ColourRow
            key={i}
            label={`Forbidden colour ${i + 1}`}
            colour={c}
            tolerance={c.tolerance}
            onChange={(colour, tolerance) =>
              onChange({
                ...rule,
                forbidden: rule.forbidden.map((x, k) =>
                  k === i ? { ...colour, tolerance: tolerance ?? x.tolerance } : x,
                ),
              })
            }
            onRemove={() => onChange({ ...rule, forbidden: rule.forbidden.filter((_, k) => k !== i) })}
          />
        ))}
        <div>
          <button
            type="button"
            onClick={() =>
              onChange({ ...rule, forbidden: [...rule.forbidden, { name: '', hex: '#00a651', tolerance: 12 }] })
            }
          >
            Add a forbidden colour
          </button>
        </div>
      </fieldset>
      <h4>Preview on the sample</h4>
      <PalettePreview
        rule={preview}
        sample={sample}
        minOnPaletteShare={rule.minOnPaletteShare}
        maxForbiddenShare={rule.maxForbiddenShare}
      />
    </div>
  );
}

function ColourRow({
  label,
  colour,
  tolerance,
  onChange,
  onRemove,
}: {
  label: string;
  colour: { name: string; hex: string };
  tolerance?: number;
  onChange: (colour: { name: string; hex: string }, tolerance?: number) => void;
  onRemove: () => void;
}) {
  const pickerId = useId();
  const valid = /^#[0-9a-f]{6}$/i.test(colour.hex);
  return (
    <div className={styles.colourRow}>
      <TextInput
        label={`${label} name`}
        value={colour.name}
        onChange={(name) => onChange({ ...colour, name }, tolerance)}
      />
      <TextInput
        label={`${label} hex`}
        value={colour.hex}
        onChange={(hex) => onChange({ ...colour, hex }, tolerance)}
        hint={valid ? undefined : 'Write it as #rrggbb.'}
      />
      <div className="field">
        <label htmlFor={pickerId}>{label} picker</label>
        <input
          id={pickerId}
          type="color"
          value={valid ? colour.hex.toLowerCase() : '#000000'}
          onChange={(e) => onChange({ ...colour, hex: e.target.value }, tolerance)}
        />
      </div>
      {tolerance !== undefined && (
        <NumberInput
          label="Tolerance (ΔE)"
          value={tolerance}
          min={0}
          max={100}
          onChange={(v) => onChange(colour, v ?? 0)}
        />
      )}
      <button type="button" className="danger" onClick={onRemove}>
        Remove<span className="visually-hidden"> {label.toLowerCase()}</span>
      </button>
    </div>
  );
}
