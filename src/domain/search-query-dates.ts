/**
 * Date values of the search query language (created:, updated:, expires:): absolute dates at year, month, day or
 * instant precision, and relative spans (`30d`) counted back from now for past dates or forward for expiry, each
 * compared (`>`, `>=`, `<`, `<=`), ranged (`a..b`) or alone. Every form becomes a half-open span of ISO instants.
 */
import type { DateField, DateRange, SourceSpan } from './search-query.ts';
import { column, queryInvalid, quoteForMessage } from './search-query-errors.ts';

const expectedDate = 'a date such as 2026-06-01 (or 2026-06, 2026, 2026-06-01T10:00Z) or a span such as 30d';
const minimumYear = 1970;
const maximumYear = 9999;
const millisecondsPer = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const unitNames = { h: 'hours', d: 'days', w: 'weeks', m: 'months', y: 'years' } as const;
type RelativeUnit = keyof typeof unitNames;

/** One end of a date condition: the instants it starts and ends (exclusive), and its canonical text. */
interface DatePoint {
  start: number;
  end: number;
  text: string;
  relative: boolean;
}

const absoluteDate =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/i;
const relativeSpan = /^(\d{1,5})([hdwmy])$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `now` moved by whole calendar months, the day of month kept or clamped to the month's last day (UTC). */
function addMonths(now: Date, months: number): number {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(now.getUTCDate(), daysInMonth(targetYear, targetMonth + 1));
  const moved = new Date(now.getTime());
  moved.setUTCFullYear(targetYear, targetMonth, day);
  return moved.getTime();
}

function inRange(instant: number): boolean {
  const year = new Date(instant).getUTCFullYear();
  return Number.isFinite(instant) && year >= minimumYear && year <= maximumYear;
}

function outOfRange(field: DateField, written: string, span: SourceSpan): Error {
  return queryInvalid(
    `${field}:${written} ${column(span)}: dates must lie between ${minimumYear} and ${maximumYear}`,
    span,
    `a date between ${minimumYear} and ${maximumYear}`,
  );
}

function notADate(field: DateField, whole: string, written: string, span: SourceSpan, why = ''): Error {
  return queryInvalid(
    `${field}:${whole} ${column(span)}: ${quoteForMessage(written)} is not a date${why} (expected ${expectedDate})`,
    span,
    expectedDate,
  );
}

/** One date or span, `written` inside the condition `whole` (which messages quote). */
function parsePoint(field: DateField, written: string, whole: string, now: Date, span: SourceSpan): DatePoint {
  const relative = relativeSpan.exec(written);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = (relative[2] ?? 'd').toLowerCase() as RelativeUnit;
    // Past for created/updated (how long ago), future for expires (how soon).
    const direction = field === 'expires' ? 1 : -1;
    const instant =
      unit === 'm' || unit === 'y'
        ? addMonths(now, direction * amount * (unit === 'y' ? 12 : 1))
        : now.getTime() + direction * amount * millisecondsPer[unit];
    if (!inRange(instant)) throw outOfRange(field, whole, span);
    return { start: instant, end: instant, text: `${amount}${unit}`, relative: true };
  }
  const match = absoluteDate.exec(written);
  if (!match) throw notADate(field, whole, written, span);
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, zoneText] = match;
  const year = Number(yearText);
  if (year < minimumYear || year > maximumYear) throw outOfRange(field, whole, span);
  const month = monthText === undefined ? undefined : Number(monthText);
  if (month !== undefined && (month < 1 || month > 12))
    throw notADate(field, whole, written, span, `: no month ${month}`);
  const day = dayText === undefined ? undefined : Number(dayText);
  if (day !== undefined && month !== undefined && (day < 1 || day > daysInMonth(year, month)))
    throw notADate(field, whole, written, span, `: ${yearText}-${monthText} has no day ${day}`);
  if (hourText === undefined || minuteText === undefined) {
    // A year, a month or a day: the whole of it, in UTC.
    const start = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
    const end =
      day !== undefined
        ? start + millisecondsPer.d
        : month !== undefined
          ? Date.UTC(year, month, 1)
          : Date.UTC(year + 1, 0, 1);
    return { start, end, text: written, relative: false };
  }
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  const milliseconds = fractionText === undefined ? 0 : Number(fractionText.padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) throw notADate(field, whole, written, span, ': no such time of day');
  let offsetMinutes = 0;
  if (zoneText && zoneText.toUpperCase() !== 'Z') {
    const sign = zoneText.startsWith('-') ? -1 : 1;
    const zoneHours = Number(zoneText.slice(1, 3));
    const zoneMinutes = Number(zoneText.slice(4, 6));
    if (zoneHours > 14 || zoneMinutes > 59) throw notADate(field, whole, written, span, ': no such time zone offset');
    offsetMinutes = sign * (zoneHours * 60 + zoneMinutes);
  }
  const instant =
    Date.UTC(year, (month ?? 1) - 1, day ?? 1, hour, minute, second, milliseconds) - offsetMinutes * 60_000;
  if (!inRange(instant)) throw outOfRange(field, whole, span);
  // An instant stands for its millisecond; its canonical text is UTC.
  return { start: instant, end: instant + 1, text: new Date(instant).toISOString(), relative: false };
}

const iso = (instant: number): string => new Date(instant).toISOString();

/**
 * One date condition (`>2026-06-01`, `<30d`, `2026-06-01..2026-06-30`, `30d`) as a half-open span.
 * A relative form alone or with `<`/`<=` means "within": the last N for created/updated, the next N for expires.
 */
export function parseDateCondition(field: DateField, written: string, now: Date, span: SourceSpan): DateRange {
  const future = field === 'expires';
  const range = written.indexOf('..');
  if (range >= 0) {
    const fromText = written.slice(0, range);
    const toText = written.slice(range + 2);
    if (fromText === '' && toText === '')
      throw queryInvalid(`${field}:.. ${column(span)}: a range needs a start, an end or both`, span, expectedDate);
    if (/^[<>=]/.test(fromText) || /^[<>=]/.test(toText))
      throw queryInvalid(
        `${field}:${written} ${column(span)}: a range (a..b) takes no comparison; write ${field}:a..b or ${field}:>=a`,
        span,
        'a range such as 2026-06-01..2026-06-30',
      );
    const from = fromText === '' ? undefined : parsePoint(field, fromText, written, now, span);
    const to = toText === '' ? undefined : parsePoint(field, toText, written, now, span);
    if (from && to) {
      // Two spans ("between 7 and 30 days ago") are ordered by time whichever way round they are written.
      const [early, late] = from.relative && to.relative && from.start > to.start ? [to, from] : [from, to];
      if (early.start >= late.end)
        throw queryInvalid(
          `${field}:${written} ${column(span)}: the range starts after it ends; write the earlier date first`,
          span,
          'a range whose start comes before its end',
        );
      return { gte: iso(early.start), lt: iso(late.end), expression: `${from.text}..${to.text}` };
    }
    if (from) return { gte: iso(from.start), expression: `>=${from.text}` };
    return { lt: iso((to as DatePoint).end), expression: `<=${(to as DatePoint).text}` };
  }
  const operator = /^(>=|<=|>|<|=)?/.exec(written)?.[0] ?? '';
  const valueText = written.slice(operator.length);
  if (valueText === '') throw notADate(field, written, written, span);
  const point = parsePoint(field, valueText, written, now, span);
  const expression = `${operator === '=' ? '' : operator}${point.text}`;
  if (point.relative) {
    const at = iso(point.start);
    const nowText = iso(now.getTime());
    const within = operator === '' || operator === '=' || operator.startsWith('<');
    if (future) return within ? { gte: nowText, lt: at, expression } : { gte: at, expression };
    return within ? { gte: at, expression } : { lt: at, expression };
  }
  switch (operator) {
    case '>':
      return { gte: iso(point.end), expression };
    case '>=':
      return { gte: iso(point.start), expression };
    case '<':
      return { lt: iso(point.start), expression };
    case '<=':
      return { lt: iso(point.end), expression };
    default:
      return { gte: iso(point.start), lt: iso(point.end), expression };
  }
}

export { unitNames as relativeUnitNames };
