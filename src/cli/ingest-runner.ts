/**
 * Runs bulk intake with bounded concurrency and reports per file (one bad file never stops the batch): a progress
 * bar on a TTY, one JSON line per file with --json, a summary at the end.
 */
import cliProgress from 'cli-progress';
import { relative } from 'node:path';
import type { IntakeResult } from '../services/intake.service.ts';
import type { IngestItem } from './ingest-sources.ts';
import { summariseError, type ErrorSummary } from './output.ts';

export interface IngestLine {
  file: string;
  status: IntakeResult['status'] | 'failed';
  assetId?: string;
  duplicateOf?: string;
  quarantineReasons?: IntakeResult['asset']['quarantineReasons'];
  provenance?: IntakeResult['provenance'];
  error?: ErrorSummary;
}

export interface IngestReport {
  created: number;
  quarantined: number;
  duplicate: number;
  failed: number;
}

export async function ingestAll(options: {
  files: string[];
  itemFor(file: string): Promise<IngestItem>;
  intake(item: IngestItem): Promise<IntakeResult>;
  concurrency: number;
  json: boolean;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}): Promise<IngestReport> {
  const report: IngestReport = { created: 0, quarantined: 0, duplicate: 0, failed: 0 };
  const isTty = (options.err as NodeJS.WriteStream).isTTY === true;
  const bar = isTty
    ? new cliProgress.SingleBar(
        {
          stream: options.err,
          format: 'ingest [{bar}] {value}/{total} files | {percentage}% | eta {eta_formatted} | {file}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(options.files.length, 0, { file: '' });
  const shown = (file: string) => relative(process.cwd(), file) || file;

  let next = 0;
  const worker = async () => {
    while (next < options.files.length) {
      const file = options.files[next++]!;
      const line = await ingestOne(file, options);
      report[line.status]++;
      if (options.json) options.out.write(`${JSON.stringify({ ...line, file: shown(file) }, bytesAsBase64)}\n`);
      else {
        // Under the progress bar a report starts on a line of its own.
        const report = problemReport(line, shown(file));
        if (report) (line.status === 'failed' ? options.err : options.out).write(`${isTty ? '\n' : ''}${report}\n`);
      }
      bar?.increment({ file: shown(file) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.files.length) }, worker));
  bar?.stop();
  if (!options.json) {
    options.out.write(
      `${options.files.length} file(s): ${report.created} created, ${report.quarantined} quarantined, ${report.duplicate} duplicate, ${report.failed} failed\n`,
    );
  }
  return report;
}

/** What needs someone's attention about one file: why it failed, or why it was quarantined (every reason). */
function problemReport(line: IngestLine, file: string): string | undefined {
  if (line.status === 'failed') return `failed ${file}: ${line.error!.code}: ${line.error!.message}`;
  if (line.status !== 'quarantined') return undefined;
  const reasons = (line.quarantineReasons ?? []).map((r) => `${r.field ? `${r.field}: ` : ''}${r.message}`);
  return `quarantined ${file}: ${reasons.join('; ')}`;
}

async function ingestOne(
  file: string,
  options: { itemFor(file: string): Promise<IngestItem>; intake(item: IngestItem): Promise<IntakeResult> },
): Promise<IngestLine> {
  try {
    const item = await options.itemFor(file);
    if (item.error) throw item.error;
    const result = await options.intake(item);
    return {
      file,
      status: result.status,
      assetId: result.asset.id,
      ...(result.duplicateOf ? { duplicateOf: result.duplicateOf } : {}),
      ...(result.status === 'quarantined' ? { quarantineReasons: result.asset.quarantineReasons } : {}),
      provenance: result.provenance,
    };
  } catch (error) {
    return { file, status: 'failed', error: summariseError(error) };
  }
}

const bytesAsBase64 = (_key: string, value: unknown) =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
