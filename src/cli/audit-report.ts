/** `provena audit verify` in words: a verdict first, then what was checked, or every problem found, the first one first. */
import type { AuditVerification } from '../domain/audit.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeAuditVerification(result: AuditVerification): string {
  const checked = [
    plural(result.entries, 'entry', 'entries'),
    plural(result.rows.asset ?? 0, 'asset'),
    plural(result.rows.version ?? 0, 'version'),
  ].join(', ');
  if (!result.ok) {
    const lines = [
      `audit log BROKEN: ${plural(result.problemCount, 'problem')} in ${checked}`,
      `  first: ${result.problems[0]!.message}`,
      ...result.problems.slice(1).map((p) => `  - ${p.message}`),
    ];
    const unlisted = result.problemCount - result.problems.length;
    if (unlisted > 0) lines.push(`  … and ${unlisted} more, not listed`);
    return `${lines.join('\n')}\n`;
  }
  const keyed =
    result.keyedFrom === undefined
      ? 'none keyed yet (plain SHA-256: the log is keyed when the first process with the audit key opens it)'
      : result.legacyEntries > 0
        ? `entries 1–${result.legacyEntries} plain SHA-256, sealed by the keyed cut-over at entry ${result.keyedFrom}; key ${result.keyId}`
        : `keyed with key ${result.keyId}`;
  const lines = [
    'audit log OK: chain intact',
    `  entries:     ${plural(result.entries, 'entry', 'entries')}, ${keyed}`,
    `  rows:        ${plural(result.rows.asset ?? 0, 'asset')} and ${plural(result.rows.version ?? 0, 'version')} match their digests`,
    ...result.checkpoints.map(
      (c) =>
        `  ${c.source === 'checkpoint-file' ? 'checkpoint:  ' : 'anchor:      '}${c.seq === undefined ? 'none yet' : `entry ${c.seq} at ${c.at}`} (${c.where})`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
