/**
 * The search's hex-colour filter, exactly: an asset has a palette colour within CIEDE2000 `maxDeltaE` of the colour,
 * covering the share asked. The Lab box (paletteConditions) narrows the palette rows by index-friendly ranges; the
 * CIEDE2000 difference itself is then computed in SQL, in stages (each a derived table naming its values), with the
 * same formula as domain/delta-e.ts — the asset list finishes the same filter in JavaScript, which a keyset-paged,
 * counted search cannot. Both engines have the functions it needs (SQLite's math functions, PostgreSQL's own).
 */
import { sql, type RawBuilder } from 'kysely';
import type { ColourFilter } from '../../domain/colour-filter.ts';
import { paletteConditions } from '../asset.repository.ts';

const pow25to7 = 6103515625;

/** A number of the query's own colour, as a literal (never user text: parsed and converted before it gets here). */
const n = (value: number): RawBuilder<unknown> => {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return sql.lit(value);
};

/** Hue angle in degrees 0..360 of (a, b); 0 for a neutral colour. */
const hue = (a: RawBuilder<unknown>, b: RawBuilder<unknown>) =>
  sql`case when ${a} = 0 and ${b} = 0 then 0 when atan2(${b}, ${a}) < 0 then degrees(atan2(${b}, ${a})) + 360 else degrees(atan2(${b}, ${a})) end`;

/** `exists (…)`: the asset `d.asset_id`'s current version has a palette colour passing `filter`. */
export function paletteColourMatch(filter: ColourFilter): RawBuilder<unknown> {
  const rows = sql`select pc.lab_l as l2, pc.lab_a as a2, pc.lab_b as b2 from assets a
    join asset_versions av on av.asset_id = a.id and av.number = a.current_version
    join palette_colours pc on pc.version_id = av.id where a.id = d.asset_id and ${paletteConditions(filter)}`;
  if (filter.kind === 'family') return sql`exists (${rows})`;
  const { l: L1, a: A1, b: B1 } = filter.lab;
  const c1 = Math.hypot(A1, B1);
  const cMean7 = sql`power((${n(c1)} + sqrt(s0.a2 * s0.a2 + s0.b2 * s0.b2)) / 2, 7)`;
  const s1 = sql`select s0.l2, s0.a2, s0.b2, 0.5 * (1 - sqrt(${cMean7} / (${cMean7} + ${n(pow25to7)}))) as g from (${rows}) s0`;
  const s2 = sql`select s1.l2, s1.b2, ${n(A1)} * (1 + s1.g) as a1p, s1.a2 * (1 + s1.g) as a2p from (${s1}) s1`;
  const s3 = sql`select s2.l2,
      sqrt(s2.a1p * s2.a1p + ${n(B1 * B1)}) as cp1, sqrt(s2.a2p * s2.a2p + s2.b2 * s2.b2) as cp2,
      ${hue(sql`s2.a1p`, n(B1))} as h1, ${hue(sql`s2.a2p`, sql`s2.b2`)} as h2 from (${s2}) s2`;
  const s4 = sql`select s3.l2, s3.cp1, s3.cp2,
      case when s3.cp1 * s3.cp2 = 0 then 0 when s3.h2 - s3.h1 > 180 then s3.h2 - s3.h1 - 360
        when s3.h2 - s3.h1 < -180 then s3.h2 - s3.h1 + 360 else s3.h2 - s3.h1 end as dh,
      case when s3.cp1 * s3.cp2 = 0 then s3.h1 + s3.h2
        when abs(s3.h1 - s3.h2) > 180 then
          case when (s3.h1 + s3.h2) / 2 < 180 then (s3.h1 + s3.h2) / 2 + 180 else (s3.h1 + s3.h2) / 2 - 180 end
        else (s3.h1 + s3.h2) / 2 end as hm
    from (${s3}) s3`;
  const s5 = sql`select s4.l2 - ${n(L1)} as dl, s4.cp2 - s4.cp1 as dc,
      2 * sqrt(s4.cp1 * s4.cp2) * sin(radians(s4.dh) / 2) as dhh, (${n(L1)} + s4.l2) / 2 as lm,
      (s4.cp1 + s4.cp2) / 2 as cpm, s4.hm,
      1 - 0.17 * cos(radians(s4.hm - 30)) + 0.24 * cos(radians(2 * s4.hm)) + 0.32 * cos(radians(3 * s4.hm + 6))
        - 0.2 * cos(radians(4 * s4.hm - 63)) as t
    from (${s4}) s4`;
  const s6 = sql`select s5.dl / (1 + 0.015 * (s5.lm - 50) * (s5.lm - 50) / sqrt(20 + (s5.lm - 50) * (s5.lm - 50))) as tl,
      s5.dc / (1 + 0.045 * s5.cpm) as tc, s5.dhh / (1 + 0.015 * s5.cpm * s5.t) as th,
      -2 * sqrt(power(s5.cpm, 7) / (power(s5.cpm, 7) + ${n(pow25to7)}))
        * sin(radians(60 * exp(-((s5.hm - 275) / 25) * ((s5.hm - 275) / 25)))) as rt
    from (${s5}) s5`;
  return sql`exists (select 1 from (${s6}) s6
    where s6.tl * s6.tl + s6.tc * s6.tc + s6.th * s6.th + s6.rt * s6.tc * s6.th <= ${n(filter.maxDeltaE * filter.maxDeltaE)})`;
}
