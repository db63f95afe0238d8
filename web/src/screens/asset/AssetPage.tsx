/**
 * The asset page (/assets/$assetId, ?version=n for an older version): the zoomable preview with the marks enrichment
 * and the brand check found drawn on it, and beside it (`i` hides and shows it) provenance, brand results, what
 * enrichment found, rights and usage, the variant family, versions with their approvals, comments with regions, and
 * the audit trail. Each part loads on its own and fails on its own, with a retry.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { useShortcuts } from '../../ui/shortcuts.ts';
import { ExportDialog } from '../sharing/ExportDialog.tsx';
import { RightsPanel } from '../sharing/RightsPanel.tsx';
import { ShareDialog } from '../sharing/ShareDialog.tsx';
import {
  assetQuery,
  brandCheckQuery,
  brandsQuery,
  commentsQuery,
  contentOf,
  enrichmentsQuery,
  historyQuery,
  objects,
  renditionUrl,
  str,
  reviewQuery,
  type Asset,
  type Comment,
  type Region,
} from './asset-data.ts';
import { BrandPanel, markSpans, promptSpans, ruleBoxes } from './BrandPanel.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import { EnrichmentPanel, type Layers } from './EnrichmentPanel.tsx';
import type { OverlayBox } from './EvidenceOverlay.tsx';
import { FamilyStrip } from './FamilyStrip.tsx';
import { OffPaletteMask } from './OffPaletteMask.tsx';
import { ProvenancePanel } from './ProvenancePanel.tsx';
import { readProvenance } from './provenance.ts';
import { StatusActions } from './StatusActions.tsx';
import { assetRoute } from './routes.tsx';
import { Timeline } from './Timeline.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { initialView, zoomed, ZoomViewer, type View } from './ZoomViewer.tsx';
import styles from './AssetPage.module.css';

export default function AssetPage() {
  const { assetId } = assetRoute.useParams();
  const asset = useQuery(assetQuery(assetId));
  return (
    <QueryBoundary query={asset} loading="Loading the asset…">
      {(data) => <AssetView asset={data} />}
    </QueryBoundary>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

const statusTone = (s: Asset['status']) =>
  ['approved', 'published'].includes(s) ? 'ok' : ['rejected', 'quarantined'].includes(s) ? 'fail' : 'warn';

function AssetView({ asset }: { asset: Asset }) {
  const search = assetRoute.useSearch();
  const shown = search.version ?? asset.currentVersion;
  const version = asset.versions?.find((v) => v.number === shown);
  const enrichments = useQuery(enrichmentsQuery(asset.id, shown));
  const brand = useQuery(brandCheckQuery(asset.id));
  const brands = useQuery(brandsQuery);
  const comments = useQuery(commentsQuery(asset.id));
  const history = useQuery(historyQuery(asset.id));
  const review = useQuery({ ...reviewQuery(asset.id), retry: false });

  const [panelOpen, setPanelOpen] = useState(true);
  const [view, setView] = useState<View>(initialView);
  const [layers, setLayers] = useState<Layers>({
    ocr: false,
    detections: false,
    brand: true,
    offPalette: false,
    comments: true,
  });
  const [focusedRule, setFocusedRule] = useState<string | undefined>();
  const [hoveredComment, setHoveredComment] = useState<string | undefined>();
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<Region | undefined>();
  const [dialog, setDialog] = useState<'share' | 'export' | undefined>();

  // Another asset or version starts fitted (state adjusted while rendering, as React advises, not in an effect).
  const [viewOf, setViewOf] = useState(`${asset.id}@${shown}`);
  if (viewOf !== `${asset.id}@${shown}`) {
    setViewOf(`${asset.id}@${shown}`);
    setView(initialView);
  }
  useShortcuts({
    i: () => setPanelOpen((open) => !open),
    '+': () => setView((v) => zoomed(v, 1.25)),
    '=': () => setView((v) => zoomed(v, 1.25)),
    '-': () => setView((v) => zoomed(v, 1 / 1.25)),
    '0': () => setView(initialView),
  });

  const provenance = useMemo(
    () =>
      version
        ? readProvenance(version.provenance, {
            title: asset.title,
            prompt: asset.prompt,
            tool: asset.tool,
            toolVersion: asset.toolVersion,
            model: asset.model,
          })
        : undefined,
    [version, asset],
  );
  const currentChecks = (brand.data?.current ?? []).filter((c) => c.versionNumber === shown);
  const content = enrichments.data ? contentOf(enrichments.data) : undefined;
  const original = version?.width && version.height ? { width: version.width, height: version.height } : content?.size;

  const boxes: OverlayBox[] = [];
  if (content && layers.ocr)
    content.words.forEach((w, i) => boxes.push({ id: `ocr-${i}`, kind: 'ocr', box: w.box, label: w.text }));
  if (content && layers.detections) {
    content.faces.forEach((f, i) =>
      boxes.push({ id: `face-${i}`, kind: 'face', box: f.box, label: `face ${f.score.toFixed(2)}` }),
    );
    content.objects.forEach((o, i) =>
      boxes.push({ id: `object-${i}`, kind: 'object', box: o.box, label: `${o.label} ${o.score.toFixed(2)}` }),
    );
  }
  if (layers.brand)
    for (const check of currentChecks)
      for (const rule of check.results) {
        const key = `${check.id}:${rule.ruleId}`;
        if (focusedRule === undefined || focusedRule === key) boxes.push(...ruleBoxes(rule, focusedRule === key));
      }
  const commentItems: Comment[] = comments.data?.items ?? [];
  if (original)
    for (const c of commentItems) {
      if (!c.region || c.versionNumber !== shown) continue;
      if (!layers.comments && hoveredComment !== c.id) continue;
      boxes.push({
        id: `comment-${c.id}`,
        kind: 'region',
        label: c.author,
        highlighted: hoveredComment === c.id,
        box: {
          x: c.region.x * original.width,
          y: c.region.y * original.height,
          width: c.region.w * original.width,
          height: c.region.h * original.height,
        },
      });
    }

  const offPaletteHexes = [
    ...new Set(
      currentChecks.flatMap((c) =>
        c.results.flatMap((r) =>
          r.evidence?.type === 'palette' ? objects(r.evidence.offPaletteColours).flatMap((o) => str(o.hex) ?? []) : [],
        ),
      ),
    ),
  ];
  const paletteHexes = (enrichments.data?.palette ?? []).flatMap((c) => str(c.hex) ?? []);
  const brandNames = new Map((brands.data?.items ?? []).map((b) => [b.id, b.name]));
  const spans = promptSpans(currentChecks);
  const promptText = provenance?.prompt?.text;

  return (
    <div className={styles.page} data-panel={panelOpen ? 'open' : 'closed'}>
      <header className={styles.header}>
        <div>
          <h1 className={styles.title}>{asset.title}</h1>
          <p className="small muted">
            <span className={`badge ${statusTone(asset.status)}`}>{asset.status.replace('_', ' ')}</span> · {asset.kind}{' '}
            · version {shown}
            {shown !== asset.currentVersion && <> (the current one is {asset.currentVersion})</>}
            {asset.riskTier !== undefined && <> · review tier {asset.riskTier}</>}
            {version && <> · {version.fileName}</>}
          </p>
        </div>
        <div className="row">
          <StatusActions asset={asset} />
          <button type="button" onClick={() => setDialog('share')}>
            Share…
          </button>
          <button type="button" onClick={() => setDialog('export')}>
            Export…
          </button>
          <button type="button" aria-pressed={panelOpen} onClick={() => setPanelOpen(!panelOpen)}>
            {panelOpen ? 'Hide details' : 'Show details'} <kbd>i</kbd>
          </button>
        </div>
      </header>

      <div className={styles.body}>
        <div className={styles.main}>
          {enrichments.isError && (
            <ErrorMessage
              title="What enrichment found could not be loaded"
              error={enrichments.error}
              onRetry={() => void enrichments.refetch()}
            />
          )}
          <ZoomViewer
            src={renditionUrl(asset.id, 'preview', shown)}
            alt={`Preview of ${asset.title}, version ${shown}`}
            original={original}
            boxes={boxes}
            view={view}
            onViewChange={setView}
            label="Preview"
            annotate={drawing}
            draft={draft}
            onDraft={setDraft}
            underlay={
              layers.offPalette && offPaletteHexes.length > 0 && paletteHexes.length > 0 ? (
                <OffPaletteMask
                  src={renditionUrl(asset.id, 'preview', shown)}
                  palette={paletteHexes}
                  off={offPaletteHexes}
                />
              ) : undefined
            }
            onRegion={(region) => {
              setDraft(region);
              setDrawing(false);
            }}
          />
          <fieldset className={styles.layers}>
            <legend>Marks on the picture</legend>
            {(
              [
                ['ocr', 'Text (OCR)'],
                ['detections', 'Faces and objects'],
                ['brand', 'Brand evidence'],
                ['offPalette', 'Off-palette colours (hatched, approximate)'],
                ['comments', 'Comment regions'],
              ] as const
            ).map(([key, label]) => (
              <label key={key} className="row">
                <input
                  type="checkbox"
                  checked={layers[key]}
                  onChange={(e) => setLayers({ ...layers, [key]: e.target.checked })}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <Section id="family" title="Variants and near-duplicates">
            <QueryBoundary query={enrichments}>
              {(data) => <FamilyStrip enrichments={data} assetId={asset.id} title={asset.title} />}
            </QueryBoundary>
          </Section>
        </div>

        {panelOpen && (
          <aside className={styles.panel} aria-label="Asset details">
            <Section id="provenance" title="Provenance">
              {provenance ? (
                <ProvenancePanel
                  view={provenance}
                  promptMarks={promptText && spans.length > 0 ? markSpans(promptText, spans) : undefined}
                />
              ) : (
                <p className="muted">This version has no provenance record.</p>
              )}
            </Section>
            <Section id="brand" title="Brand check">
              <QueryBoundary query={brand} loading="Loading brand results…">
                {(data) => (
                  <BrandPanel
                    checks={data.current.filter((c) => c.versionNumber === shown)}
                    brandNames={brandNames}
                    prompt={promptText}
                    rereview={data.rereview !== undefined}
                    onFocusRule={setFocusedRule}
                  />
                )}
              </QueryBoundary>
            </Section>
            <Section id="enrichment" title="What enrichment found">
              <QueryBoundary query={enrichments} loading="Loading enrichment…">
                {(data) => <EnrichmentPanel enrichments={data} layers={layers} onLayers={setLayers} />}
              </QueryBoundary>
            </Section>
            <Section id="rights" title="Rights and usage">
              <RightsPanel assetId={asset.id} version={shown} />
            </Section>
            <Section id="versions" title="Versions">
              <QueryBoundary query={history} loading="Loading versions…">
                {(data) => <VersionsPanel asset={asset} shown={shown} history={data.items} review={review.data} />}
              </QueryBoundary>
            </Section>
            <Section id="comments" title="Comments">
              <QueryBoundary query={comments} loading="Loading comments…">
                {(data) => (
                  <CommentsPanel
                    assetId={asset.id}
                    version={shown}
                    comments={data.items}
                    draft={draft}
                    drawing={drawing}
                    onDrawing={setDrawing}
                    onClearDraft={() => {
                      setDraft(undefined);
                      setDrawing(false);
                    }}
                    onHover={setHoveredComment}
                  />
                )}
              </QueryBoundary>
            </Section>
            <Section id="history" title="Audit trail">
              <QueryBoundary query={history} loading="Loading the audit trail…">
                {(data) => <Timeline items={data.items} />}
              </QueryBoundary>
            </Section>
          </aside>
        )}
      </div>
      <ModalDialog
        open={dialog !== undefined}
        label={dialog === 'share' ? 'Share' : 'Export'}
        onClose={() => setDialog(undefined)}
      >
        {dialog === 'share' && <ShareDialog assetId={asset.id} version={shown} onClose={() => setDialog(undefined)} />}
        {dialog === 'export' && (
          <ExportDialog assetId={asset.id} version={shown} onClose={() => setDialog(undefined)} />
        )}
      </ModalDialog>
    </div>
  );
}

function ModalDialog({
  open,
  label,
  onClose,
  children,
}: {
  open: boolean;
  label: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (open && !element.open) element.showModal?.();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-label={label} onClose={onClose} className={styles.dialog}>
      <div className="row">
        <h2 className={styles.dialogTitle}>{label}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {open && children}
    </dialog>
  );
}
