/**
 * An asset's thumbnail (the server's thumbnail rendition, loaded lazily) over its thumbhash placeholder when the
 * caller has one, so a grid shows the picture's colours before its bytes arrive. Any text is the alt, never markup.
 */
import { useMemo, useState } from 'react';
import { thumbHashToDataURL } from 'thumbhash';

export interface AssetThumbProps {
  assetId: string;
  title: string;
  /** Base64 thumbhash, when known. */
  thumbhash?: string;
  /** Another version than the current one. */
  version?: number;
  className?: string;
  /**
   * Not yet: show the placeholder and ask for no thumbnail until this is false (once asked for, the thumbnail stays
   * whatever this becomes).
   */
  defer?: boolean;
}

export function thumbhashDataUrl(thumbhash: string | undefined): string | undefined {
  if (!thumbhash) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function AssetThumb({ assetId, title, thumbhash, version, className, defer = false }: AssetThumbProps) {
  const placeholder = useMemo(() => thumbhashDataUrl(thumbhash), [thumbhash]);
  const [failed, setFailed] = useState(false);
  const [requested, setRequested] = useState(!defer);
  // State adjusted while rendering (React's pattern for following a prop): the first render after `defer` clears.
  if (!defer && !requested) setRequested(true);
  const src = `/api/v1/assets/${encodeURIComponent(assetId)}/renditions/thumbnail${version ? `?version=${version}` : ''}`;
  return (
    <span className={`asset-thumb ${className ?? ''}`}>
      {placeholder && <img className="asset-thumb-placeholder" src={placeholder} alt="" aria-hidden="true" />}
      {!requested ? null : failed ? (
        <span className="asset-thumb-missing muted small">No preview</span>
      ) : (
        <img src={src} alt={title} loading="lazy" decoding="async" onError={() => setFailed(true)} />
      )}
    </span>
  );
}
