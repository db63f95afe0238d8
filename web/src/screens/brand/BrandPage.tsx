/**
 * One brand: its guideline edited as forms (the brand's name and spellings, whom it applies to, the rules one by one
 * with the palette's ΔE preview and the logo zones on a sample) and saved as the next version; its reference logos;
 * import and export of the document as JSON or YAML; and the version history with what changed and which assets the
 * re-check flagged.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { can, useSession } from '../../auth/session.ts';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { brandKeys, brandQuery, versionQuery, type BrandSummary, type Imported } from './brand-api.ts';
import { GuidelineEditor } from './GuidelineEditor.tsx';
import { ChangeSummary, GuidelineHistory } from './GuidelineHistory.tsx';
import { draftOf } from './guideline.ts';
import { ImportExport } from './ImportExport.tsx';
import { LogoPanel } from './LogoPanel.tsx';
import type { Sample } from './sample.ts';

export default function BrandPage() {
  const { brandId } = useParams({ from: '/app/brands/$brandId' });
  const brand = useQuery(brandQuery(brandId));
  return (
    <section className="stack">
      <p className="small">
        <Link to="/brands">← All brands</Link>
      </p>
      <QueryBoundary query={brand} loading="Loading the brand…">
        {(b) => <Brand brand={b} />}
      </QueryBoundary>
    </section>
  );
}

function Brand({ brand }: { brand: BrandSummary }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const mayEdit = can(session, 'brand:manage');
  const latest = useQuery({
    ...versionQuery(brand.slug, brand.latestVersion ?? 0),
    enabled: brand.latestVersion !== undefined,
  });
  const channels = useQuery({
    queryKey: ['channels'],
    queryFn: () => unwrap(api.GET('/api/v1/channels')),
  });
  const [saved, setSaved] = useState<Imported>();
  const [sample, setSample] = useState<Sample>();
  const refresh = async (imported: Imported) => {
    setSaved(imported);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: brandKeys.brand(brand.slug) }),
      queryClient.invalidateQueries({ queryKey: brandKeys.versions(brand.slug) }),
      queryClient.invalidateQueries({ queryKey: brandKeys.all, exact: true }),
    ]);
  };
  return (
    <>
      <h1>{brand.name}</h1>
      <p className="muted">
        {brand.latestVersion ? `Guideline version ${brand.latestVersion}` : 'No guideline yet'} · slug{' '}
        <code>{brand.slug}</code>
      </p>
      {saved && (
        <div role="status" className="card stack">
          <p>
            Saved as version {saved.version}.
            {saved.recheckQueued && ' The brand’s checked assets are being re-checked with the changed rules.'}
          </p>
          {saved.changes && <ChangeSummary changes={saved.changes} />}
        </div>
      )}
      {brand.latestVersion === undefined ? (
        <GuidelineEditor
          key={`${brand.id}-none`}
          brand={brand}
          initial={draftOf(undefined, brand.name)}
          channels={channels.data?.items.map((c) => c.name) ?? []}
          readOnly={!mayEdit}
          onSaved={refresh}
          sample={sample}
          onSample={setSample}
        />
      ) : (
        <QueryBoundary query={latest} loading="Loading the guideline…">
          {(stored) => (
            <GuidelineEditor
              key={`${brand.id}-${stored.version}`}
              brand={brand}
              initial={draftOf(stored.guideline, brand.name)}
              channels={channels.data?.items.map((c) => c.name) ?? []}
              readOnly={!mayEdit}
              onSaved={refresh}
              sample={sample}
              onSample={setSample}
            />
          )}
        </QueryBoundary>
      )}
      <LogoPanel brand={brand} mayEdit={mayEdit} />
      <ImportExport brand={brand} mayEdit={mayEdit} onImported={refresh} />
      <GuidelineHistory brand={brand} />
    </>
  );
}
