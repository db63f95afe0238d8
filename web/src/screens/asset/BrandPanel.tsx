/**
 * Brand results: each brand's verdict and score, each rule's outcome (worded and coloured) with its reason, and the
 * evidence: logo boxes and scores, matched words with their boxes, the off-palette share and the colours responsible,
 * the prompt's forbidden spans marked as text. Boxes go on the picture through `brandBoxes`.
 */
import type { ReactNode } from 'react';
import { boxOf, num, objects, str, type BrandCheck, type RuleResult } from './asset-data.ts';
import type { OverlayBox } from './EvidenceOverlay.tsx';
import { percent } from './provenance.ts';
import styles from './AssetPage.module.css';

const outcomeTone: Record<RuleResult['outcome'], string> = {
  pass: 'ok',
  warn: 'warn',
  fail: 'fail',
  'not-applicable': '',
};
const outcomeWords: Record<RuleResult['outcome'], string> = {
  pass: '✓ Pass',
  warn: '! Warning',
  fail: '✗ Fail',
  'not-applicable': '– Not applicable',
};

export function OutcomeBadge({ outcome }: { outcome: RuleResult['outcome'] }) {
  return (
    <span className={`badge ${outcomeTone[outcome]}`} data-outcome={outcome}>
      {outcomeWords[outcome]}
    </span>
  );
}

/** The boxes a rule's evidence names on the picture. */
export function ruleBoxes(rule: RuleResult, highlighted: boolean): OverlayBox[] {
  const evidence = rule.evidence;
  if (!evidence) return [];
  const out: OverlayBox[] = [];
  const push = (kind: OverlayBox['kind'], box: unknown, label: string, i: number) => {
    const b = boxOf(box);
    if (b) out.push({ id: `${rule.ruleId}:${kind}:${i}`, kind, box: b, label, highlighted });
  };
  if (evidence.type === 'logo')
    objects(evidence.matches).forEach((m, i) => push('logo', m.box, `${rule.ruleId} ${score(num(m.score))}`, i));
  if (evidence.type === 'text') {
    [...objects(evidence.forbidden), ...objects(evidence.misspellings)].forEach((hit, i) =>
      push('word', hit.box, `${rule.ruleId}: ${str(hit.text) ?? ''}`, i),
    );
  }
  if (evidence.type === 'people')
    objects(evidence.faces).forEach((f, i) => push('face', f.box, `${rule.ruleId} ${score(num(f.score))}`, i));
  return out;
}

const score = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));

/** The prompt as text with the spans the brand check matched marked (<mark>, never HTML from strings). */
export function markSpans(text: string, spans: { start: number; end: number; term: string }[]): ReactNode {
  const sorted = spans
    .filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  sorted.forEach((s, i) => {
    if (s.start < at) return;
    parts.push(text.slice(at, s.start));
    parts.push(
      <mark key={i} title={`Forbidden by the brand: ${s.term}`}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  });
  parts.push(text.slice(at));
  return parts;
}

/** Every prompt span of the current checks. */
export function promptSpans(checks: BrandCheck[]): { start: number; end: number; term: string }[] {
  return checks.flatMap((c) =>
    c.results.flatMap((r) =>
      r.evidence?.type === 'prompt'
        ? objects(r.evidence.matches).flatMap((m) => {
            const start = num(m.start);
            const end = num(m.end);
            return start !== undefined && end !== undefined ? [{ start, end, term: str(m.term) ?? '' }] : [];
          })
        : [],
    ),
  );
}

function Evidence({ rule, prompt }: { rule: RuleResult; prompt?: string }) {
  const e = rule.evidence;
  if (!e) return null;
  if (e.type === 'palette') {
    const off = objects(e.offPaletteColours);
    const forbidden = objects(e.forbiddenColours);
    return (
      <div className="small stack">
        <p>
          On the brand palette: {percent(num(e.onPaletteShare))} (at least {percent(num(e.minOnPaletteShare))}{' '}
          required); off the palette: {percent(num(e.offPaletteShare))}.
        </p>
        {off.length > 0 && (
          <ul className={styles.swatches} aria-label="Colours off the brand palette">
            {off.map((c) => (
              <li key={str(c.hex)}>
                <span className={styles.swatch} style={{ background: str(c.hex) }} aria-hidden="true" />
                <code>{str(c.hex)}</code> {percent(num(c.share))}
                <span className="muted">
                  {' '}
                  nearest {str(c.nearest)} (ΔE {num(c.deltaE)?.toFixed(1)})
                </span>
              </li>
            ))}
          </ul>
        )}
        {forbidden.length > 0 && (
          <ul aria-label="Forbidden colours present">
            {forbidden.map((c) => (
              <li key={str(c.name)}>
                <span className={styles.swatch} style={{ background: str(c.hex) }} aria-hidden="true" />
                {str(c.name)} <code>{str(c.hex)}</code> {percent(num(c.share))}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (e.type === 'logo') {
    const matches = objects(e.matches);
    return (
      <p className="small">
        {matches.length === 0
          ? 'Logo not found.'
          : matches.map((m, i) => (
              <span key={i}>
                Logo at {boxText(m.box)} score {score(num(m.score))}
                {str(m.zone) && <> in zone {str(m.zone)}</>}
                {objects(m.clearSpaceViolations).length > 0 && (
                  <>
                    {' '}
                    · clear space broken by{' '}
                    {objects(m.clearSpaceViolations)
                      .map((v) => str(v.what))
                      .join(', ')}
                  </>
                )}
                .{' '}
              </span>
            ))}
      </p>
    );
  }
  if (e.type === 'text') {
    const hits = [...objects(e.forbidden), ...objects(e.misspellings)];
    const missing = Array.isArray(e.missingDisclaimers) ? e.missingDisclaimers.filter(isString) : [];
    return (
      <div className="small">
        {hits.length > 0 && (
          <ul aria-label="Matched words">
            {hits.map((h, i) => (
              <li key={i}>
                “{str(h.text)}” {str(h.phrase) && str(h.phrase) !== str(h.text) && <>(matches {str(h.phrase)}) </>}
                {str(h.source) === 'image' ? <>in the picture at {boxText(h.box)}</> : <>in the copy</>}
              </li>
            ))}
          </ul>
        )}
        {missing.length > 0 && <p>Missing: {missing.join(', ')}</p>}
        <p className="muted">{num(e.wordsExamined) ?? 0} words examined.</p>
      </div>
    );
  }
  if (e.type === 'prompt') {
    const spans = objects(e.matches).flatMap((m) => {
      const start = num(m.start);
      const end = num(m.end);
      return start !== undefined && end !== undefined ? [{ start, end, term: str(m.term) ?? '' }] : [];
    });
    return prompt ? (
      <p className={`small ${styles.prompt}`}>
        <span className="visually-hidden">Prompt with the forbidden terms marked: </span>
        {markSpans(prompt, spans)}
      </p>
    ) : null;
  }
  if (e.type === 'people')
    return (
      <p className="small">
        {e.containsPeople === true ? 'People depicted' : 'No people depicted'}; {objects(e.faces).length} face(s); model
        release {e.modelReleaseOnFile === true ? 'on file' : 'not on file'}.
      </p>
    );
  if (e.type === 'channel-format')
    return (
      <ul className="small">
        {objects(e.channels).map((c) => (
          <li key={str(c.channel)}>
            {str(c.channel)}: {str(c.outcome) === 'pass' ? 'fits' : 'does not fit'}
            {Array.isArray(c.problems) && c.problems.length > 0 && <> ({c.problems.filter(isString).join('; ')})</>}
          </li>
        ))}
      </ul>
    );
  return null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
function boxText(v: unknown): string {
  const b = boxOf(v);
  return b ? `${Math.round(b.x)},${Math.round(b.y)} (${Math.round(b.width)}×${Math.round(b.height)} px)` : '?';
}

export function BrandPanel({
  checks,
  brandNames,
  prompt,
  rereview,
  onFocusRule,
}: {
  checks: BrandCheck[];
  brandNames: Map<string, string>;
  prompt?: string;
  rereview: boolean;
  onFocusRule: (ruleKey: string | undefined) => void;
}) {
  if (checks.length === 0) return <p className="muted">No brand check yet: no brand guideline applies, or none ran.</p>;
  return (
    <div className="stack">
      {rereview && (
        <p className="badge warn">! A new guideline version changed the verdict: this asset needs a re-review.</p>
      )}
      {checks.map((check) => (
        <section key={check.id} className={styles.brandCheck} aria-labelledby={`brand-${check.id}`}>
          <h3 id={`brand-${check.id}`}>
            {brandNames.get(check.brandId) ?? 'Brand'} <OutcomeBadge outcome={check.verdict} />{' '}
            <span className="small muted">
              score {check.score.toFixed(0)} / 100 · guideline v{check.guidelineVersion} · version {check.versionNumber}
            </span>
          </h3>
          <ul className={styles.rules}>
            {check.results.map((rule) => {
              const key = `${check.id}:${rule.ruleId}`;
              const hasBoxes = ruleBoxes(rule, false).length > 0;
              return (
                <li
                  key={rule.ruleId}
                  className={styles.rule}
                  data-rule={rule.ruleId}
                  onMouseEnter={() => hasBoxes && onFocusRule(key)}
                  onMouseLeave={() => hasBoxes && onFocusRule(undefined)}
                >
                  <div className="row">
                    <strong>{rule.ruleId}</strong> <span className="muted small">{rule.type}</span>
                    <OutcomeBadge outcome={rule.outcome} />
                    {hasBoxes && (
                      <button
                        type="button"
                        className="small"
                        onFocus={() => onFocusRule(key)}
                        onBlur={() => onFocusRule(undefined)}
                      >
                        Point out on the picture<span className="visually-hidden"> ({rule.ruleId})</span>
                      </button>
                    )}
                  </div>
                  <p className="small">{rule.reason}</p>
                  <Evidence rule={rule} prompt={prompt} />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
