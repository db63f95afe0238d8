/**
 * The fields every delivery form asks first — which rendition preset, for which channel, in which region — shared by
 * the share and export dialogs. The presets and channels come from their (cached) queries; a form keeps the values
 * and reads the defaults from useDeliveryChoice.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { isRegionCode, regionName } from './rights.ts';
import { channelsQuery, presetsQuery } from './sharing-api.ts';

export interface DeliveryChoice {
  /** The preset chosen: '' is the original file when the form offers it, else the first preset. */
  preset: string;
  channel: string;
  /** The region as typed, upper-cased ('' for none). */
  region: string;
  regionProblem?: string;
}

/** The values of the delivery fields, defaulted to the first preset (unless the original may be sent) and channel. */
export function useDeliveryChoice(options: { originalAllowed: boolean }) {
  const presets = useQuery(presetsQuery);
  const channels = useQuery(channelsQuery);
  const [preset, setPreset] = useState('');
  const [channel, setChannel] = useState('');
  const [region, setRegion] = useState('');
  const code = region.trim().toUpperCase();
  const choice: DeliveryChoice = {
    preset: preset || (options.originalAllowed ? '' : (presets.data?.items[0]?.name ?? '')),
    channel: channel || channels.data?.items[0]?.name || '',
    region: code,
    ...(code && !isRegionCode(code) ? { regionProblem: `${code} is not an ISO 3166-1 country code (e.g. DE)` } : {}),
  };
  return { choice, typedRegion: region, setPreset, setChannel, setRegion, originalAllowed: options.originalAllowed };
}

export function DeliveryFields({
  delivery,
  presetLabel,
  regionHint,
}: {
  delivery: ReturnType<typeof useDeliveryChoice>;
  presetLabel: string;
  /** What an empty region means for this form. */
  regionHint: string;
}) {
  const ids = { preset: useId(), channel: useId(), region: useId() };
  const presets = useQuery(presetsQuery);
  const channels = useQuery(channelsQuery);
  const { choice } = delivery;
  return (
    <>
      <div className="field">
        <label htmlFor={ids.preset}>{presetLabel}</label>
        <select id={ids.preset} value={choice.preset} onChange={(e) => delivery.setPreset(e.target.value)}>
          {delivery.originalAllowed && <option value="">The original file</option>}
          {presets.data?.items.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.description ? ` — ${p.description}` : ` — ${p.format}${p.width ? `, ${p.width} px` : ''}`}
            </option>
          ))}
        </select>
        {presets.isError && <ErrorMessage error={presets.error} onRetry={() => void presets.refetch()} />}
      </div>
      <div className="field">
        <label htmlFor={ids.channel}>Channel</label>
        <select id={ids.channel} value={choice.channel} onChange={(e) => delivery.setChannel(e.target.value)}>
          {channels.data?.items.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        {channels.isError && <ErrorMessage error={channels.error} onRetry={() => void channels.refetch()} />}
      </div>
      <div className="field">
        <label htmlFor={ids.region}>Region (ISO code, optional)</label>
        <input
          id={ids.region}
          value={delivery.typedRegion}
          maxLength={2}
          aria-invalid={choice.regionProblem ? true : undefined}
          aria-describedby={`${ids.region}-hint`}
          onChange={(e) => delivery.setRegion(e.target.value)}
        />
        <small id={`${ids.region}-hint`} className={choice.regionProblem ? 'problem' : 'muted'}>
          {choice.regionProblem ?? (choice.region ? regionName(choice.region) : regionHint)}
        </small>
      </div>
    </>
  );
}
