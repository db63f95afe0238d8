/**
 * The provenance panel: AI or not, the IPTC digital source type, prompt and negative prompt, model, tool, seed and
 * sampling, the C2PA state in words and colour, the signer, the ingredient chain as a tree, and where each field was
 * taken from. Every value is file-controlled text, rendered as React text.
 */
import type { ReactNode } from 'react';
import { flattenChain, type ChainNode, type ProvenanceView, type Validation } from './provenance.ts';
import styles from './AssetPage.module.css';

const sourceNames: Record<string, string> = {
  c2pa: 'C2PA manifest',
  'iptc-xmp': 'IPTC / XMP',
  exif: 'EXIF',
  tool: 'generator metadata',
  heuristic: 'inferred',
  declared: 'declared at upload',
  inferred: 'inferred',
};

export function SourceTag({ source }: { source?: string }) {
  if (!source) return null;
  return (
    <span className={styles.source} title="Where this value was taken from">
      from {sourceNames[source] ?? source}
    </span>
  );
}

export function ValidationBadge({ validation }: { validation: Validation }) {
  return (
    <span className={`badge ${validation.tone === 'none' ? '' : validation.tone}`} data-validation={validation.kind}>
      <span aria-hidden="true">{validation.tone === 'ok' ? '✓ ' : validation.tone === 'fail' ? '✗ ' : '! '}</span>
      {validation.label}
    </span>
  );
}

/** The manifest chain, flattened: the asset first, then ingredients by path; an invalid one's ingredients hidden. */
export function ProvenanceTree({ root }: { root: ChainNode }) {
  const rows = flattenChain(root);
  return (
    <ol className={styles.tree} aria-label="Ingredient chain">
      {rows.map((row) => (
        <li key={row.path} className={styles.treeRow} style={{ marginInlineStart: `${row.depth * 1.25}rem` }}>
          <span className="visually-hidden">
            {row.depth === 0 ? 'This asset' : `Ingredient ${row.path.slice(2)}, level ${row.depth}`}:{' '}
          </span>
          {row.depth > 0 && (
            <span aria-hidden="true" className="muted">
              └{' '}
            </span>
          )}
          <strong className={styles.treeTitle}>{row.node.title}</strong>{' '}
          {row.node.relationship && <span className="muted small">({row.node.relationship}) </span>}
          <ValidationBadge validation={row.node.validation} />
          {(row.node.generator || row.node.signer) && (
            <div className="muted small">
              {row.node.generator && <>made with {row.node.generator}</>}
              {row.node.generator && row.node.signer && ' · '}
              {row.node.signer && <>signed by {row.node.signer}</>}
            </div>
          )}
          {row.hidden > 0 && (
            <div className="small" data-hidden-ingredients={row.hidden}>
              {row.hidden} ingredient{row.hidden === 1 ? '' : 's'} hidden: this ingredient is invalid, so what it says
              it was made from cannot be trusted.
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function Row({ label, children, source }: { label: string; children: ReactNode; source?: string }) {
  return (
    <div className={styles.fact}>
      <dt>{label}</dt>
      <dd>
        {children} <SourceTag source={source} />
      </dd>
    </div>
  );
}

export function ProvenancePanel({ view, promptMarks }: { view: ProvenanceView; promptMarks?: ReactNode }) {
  const aiTone = view.aiInvolvement === 'none' ? 'ok' : view.aiInvolvement === 'unknown' ? '' : 'warn';
  return (
    <div className="stack">
      <p>
        <span className={`badge ${aiTone}`} data-ai={view.aiInvolvement}>
          {view.aiLabel}
        </span>{' '}
        <SourceTag source={view.aiSource} />
      </p>
      <dl className={styles.facts}>
        {view.digitalSourceType && (
          <Row label="Digital source type (IPTC)" source={view.digitalSourceType.source}>
            {/* The file wrote this URI: a link only to the vocabularies' own web addresses. */}
            {/^https?:\/\/(cv\.iptc\.org|c2pa\.org)\//.test(view.digitalSourceType.uri) ? (
              <a href={view.digitalSourceType.uri} rel="noreferrer noopener" target="_blank">
                {view.digitalSourceType.code}
              </a>
            ) : (
              <code>{view.digitalSourceType.uri}</code>
            )}
          </Row>
        )}
        {view.prompt && (
          <Row label="Prompt" source={view.prompt.source}>
            <span className={styles.prompt}>{promptMarks ?? view.prompt.text}</span>
          </Row>
        )}
        {view.negativePrompt && (
          <Row label="Negative prompt" source={view.negativePrompt.source}>
            <span className={styles.prompt}>{view.negativePrompt.text}</span>
          </Row>
        )}
        {view.fields.map((f) => (
          <Row key={f.label} label={f.label} source={f.source}>
            {f.value}
          </Row>
        ))}
        {view.sampling.map((f) => (
          <Row key={f.label} label={f.label} source={f.source}>
            {f.value}
          </Row>
        ))}
      </dl>
      <h3>Content Credentials (C2PA)</h3>
      {view.c2pa ? (
        <>
          <p>
            <ValidationBadge validation={view.c2pa.validation} />
          </p>
          <dl className={styles.facts}>
            {(view.c2pa.signer || view.c2pa.signerIssuer) && (
              <Row label="Signed by">
                {view.c2pa.signer}
                {view.c2pa.signerIssuer && view.c2pa.signerIssuer !== view.c2pa.signer && (
                  <> (issued by {view.c2pa.signerIssuer})</>
                )}
                {view.c2pa.signedAt && <> on {view.c2pa.signedAt.slice(0, 10)}</>}
              </Row>
            )}
            {view.c2pa.claimGenerator && <Row label="Claim generator">{view.c2pa.claimGenerator}</Row>}
            {view.c2pa.validation.codes.length > 0 && (
              <Row label="Status codes">{view.c2pa.validation.codes.join(', ')}</Row>
            )}
          </dl>
          {view.c2pa.actions.length > 0 && (
            <>
              <h4>Process</h4>
              <ol className="small">
                {view.c2pa.actions.map((a, i) => (
                  <li key={`${a.action}-${i}`}>
                    {a.action.replace(/^c2pa\./, '')}
                    {a.agent && <> with {a.agent}</>}
                    {a.dst && <span className="muted"> ({a.dst.split('/').pop()})</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h4>Ingredient chain</h4>
          <ProvenanceTree root={view.c2pa.chain} />
        </>
      ) : (
        <p className="muted">No Content Credentials in this file.</p>
      )}
      {view.warnings.length > 0 && (
        <details>
          <summary>Reading problems ({view.warnings.length})</summary>
          <ul className="small">
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
