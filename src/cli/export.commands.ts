/**
 * `provena presets list|set|delete` (the organisation's channel rendition presets) and `provena export` (assets as
 * channel renditions carrying their provenance: into a folder, each file with its JSON-LD sidecar, or as one zip).
 * A progress line per asset goes to stderr, the summary to stdout; the exit code is 1 when some asset was refused
 * (the refusal's own code when all were). Files are written under a temporary name and renamed once complete, so no
 * half-written file is left behind. Added by buildProgram.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import type { ExportProgress, RefusedEntry } from '../domain/export-archive.ts';
import type { ExportSelection, ExportService } from '../services/export.service.ts';
import type { PresetService } from '../services/preset.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { table } from './output.ts';

export interface ExportCliServices {
  ctx: RequestContext;
  presets: PresetService;
  exports: ExportService;
}

/** Exit code of an export some of whose assets were refused (all refused: the refusal's own code). */
const someRefused = 1;

async function presetFile(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ProvenaError('VALIDATION_FAILED', `Cannot read the preset file ${path}: ${code}.`, {
      problems: [{ field: 'file', problem: `cannot be read (${code})` }],
    });
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as unknown[]) : [value];
  } catch (error) {
    throw new ProvenaError('VALIDATION_FAILED', `The preset file ${path} is not JSON: ${(error as Error).message}`, {
      problems: [{ field: 'file', problem: 'is not JSON (a preset object, or a list of them)' }],
    });
  }
}

/** Writes a stream to `path` under a temporary name first: the path holds a whole file or nothing. */
async function writeWhole(path: string, content: Readable | Uint8Array): Promise<void> {
  const part = `${path}.part-${randomBytes(4).toString('hex')}`;
  try {
    if (content instanceof Uint8Array) await writeFile(part, content, { flag: 'wx' });
    else await pipeline(content, createWriteStream(part, { flags: 'wx' }));
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

/** `name`, or `name` with -2, -3, … before its extension when this run or an earlier one wrote that name. */
function freeName(dir: string, taken: Set<string>, name: string): string {
  const dot = name.lastIndexOf('.');
  let candidate = name;
  for (let n = 2; taken.has(candidate) || existsSync(join(dir, candidate)); n++)
    candidate = dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
  taken.add(candidate);
  return candidate;
}

const refusedLine = (entry: RefusedEntry) =>
  `${entry.code} ${entry.reasons ? entry.reasons.map((r) => r.message).join(' ') : entry.message}`;

export function addExportCommands<S extends ExportCliServices>(
  program: Command,
  withServices: WithServices<S>,
  streams: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
): void {
  const { out, err } = streams;
  const presets = program.command('presets').description("The organisation's channel rendition presets");

  const list = presets.command('list').description('Every preset, by name').option('--json', 'print JSON');
  list.action(
    withServices(list, async (services) => {
      const items = await services.presets.list(services.ctx);
      if (list.opts().json) {
        out.write(`${JSON.stringify({ items }, null, 2)}\n`);
        return;
      }
      const size = (w?: number, h?: number) => ((w ?? h) ? `${w ?? '*'}×${h ?? '*'}` : 'original');
      out.write(
        `${table(
          [
            ['NAME', 'FORMAT', 'SIZE', 'FIT', 'QUALITY', 'METADATA', 'DESCRIPTION'],
            ...items.map((p) => [
              p.name,
              p.format,
              size(p.width, p.height),
              p.fit,
              p.quality === undefined ? '' : String(p.quality),
              p.metadata,
              p.description ?? '',
            ]),
          ],
          [16, 8, 11, 7, 7, 13, 60],
        )}\n`,
      );
    }),
  );

  const set = presets
    .command('set')
    .description('Create or replace presets from a JSON file (one preset object, or a list); presets:manage')
    .requiredOption('--file <preset.json>', 'the preset(s): {name, width?, height?, fit?, format, quality?, …}');
  set.action(
    withServices(set, async (services) => {
      for (const input of await presetFile(set.opts<{ file: string }>().file)) {
        const { preset, created } = await services.presets.save(services.ctx, input);
        out.write(`${created ? 'created' : 'replaced'} preset ${preset.name}\n`);
      }
    }),
  );

  const remove = presets
    .command('delete')
    .description('Delete a preset; presets:manage')
    .argument('<name>', 'the preset');
  remove.action(
    withServices(remove, async (services) => {
      await services.presets.delete(services.ctx, remove.args[0]!);
      out.write(`deleted preset ${remove.args[0]!}\n`);
    }),
  );

  const exporting = program
    .command('export')
    .description(
      'Export assets as channel renditions carrying their provenance (XMP/IPTC, C2PA, JSON-LD sidecar); each use is checked first',
    )
    .argument('[assets...]', 'asset ids')
    .requiredOption('--preset <name>', 'the rendition preset (provena presets list)')
    .requiredOption('--channel <channel>', 'where the files will be used (web, social, print, …)')
    .option('--region <code>', 'ISO 3166-1 alpha-2 code of where they will be used')
    // Not --version: that is the program's own, wherever it stands on the line.
    .option('--asset-version <n>', 'this version of a single asset (default: the current one)')
    .option('--collection <ref>', 'every asset of this collection (id or name), into a zip')
    .option('--query <search>', 'every asset this search finds, into a zip')
    .requiredOption('--out <dir|file.zip>', 'a folder for the files and their sidecars, or a .zip file')
    .option('--json', 'print the summary as JSON');
  exporting.action(
    withServices(
      exporting,
      () => {
        const o = exporting.opts<{
          preset: string;
          channel: string;
          region?: string;
          assetVersion?: string;
          collection?: string;
          query?: string;
          out: string;
          json?: boolean;
        }>();
        const assetIds = exporting.args;
        const named = [assetIds.length > 0, o.collection !== undefined, o.query !== undefined].filter(Boolean).length;
        if (named !== 1)
          throw new ProvenaError(
            'VALIDATION_FAILED',
            'Name the assets to export: asset ids, or --collection, or --query (exactly one of them).',
            { problems: [{ field: 'assets', problem: 'name asset ids, --collection or --query' }] },
          );
        const zip = o.out.toLowerCase().endsWith('.zip');
        if (!zip && assetIds.length === 0)
          throw new ProvenaError('VALIDATION_FAILED', 'A collection or a query is exported into a .zip file (--out).', {
            problems: [{ field: 'out', problem: 'must name a .zip file for --collection or --query' }],
          });
        const version =
          o.assetVersion === undefined ? undefined : wholeNumberOption('--asset-version', o.assetVersion, 1e9);
        if (version !== undefined && assetIds.length !== 1)
          throw new ProvenaError('VALIDATION_FAILED', '--asset-version names a version of one asset.', {
            problems: [{ field: 'asset-version', problem: 'needs exactly one asset id' }],
          });
        const selection: ExportSelection =
          o.collection !== undefined
            ? { collection: o.collection }
            : o.query !== undefined
              ? { query: o.query }
              : { assetIds };
        return { o, zip, version, selection };
      },
      async (services, { o, zip, version, selection }) => {
        const options = {
          preset: o.preset,
          channel: o.channel,
          ...(o.region !== undefined ? { region: o.region } : {}),
        };
        const progress = (event: ExportProgress) => {
          const at = `[${event.index + 1}/${event.total}]`;
          err.write(
            event.kind === 'exported'
              ? `${at} exported ${event.entry.assetId} → ${event.entry.file} (${event.entry.size} bytes, C2PA ${event.entry.c2pa})\n`
              : `${at} refused ${event.entry.assetId}: ${refusedLine(event.entry)}\n`,
          );
        };
        let exported: { assetId: string; file: string }[];
        let refused: RefusedEntry[];
        if (zip) {
          await mkdir(dirname(o.out), { recursive: true });
          const bulk = await services.exports.exportMany(services.ctx, selection, options, progress);
          await writeWhole(o.out, bulk.stream);
          ({ exported, refused } = await bulk.manifest);
        } else {
          ({ exported, refused } = await exportToFolder(services, o.out, selection, { ...options, version }, progress));
        }
        if (o.json) out.write(`${JSON.stringify({ out: o.out, exported, refused }, null, 2)}\n`);
        else
          out.write(
            `${exported.length} exported, ${refused.length} refused → ${o.out}\n${refused
              .map((entry) => `  refused ${entry.assetId}: ${refusedLine(entry)}\n`)
              .join('')}`,
          );
        return refused.length > 0 ? someRefused : 0;
      },
    ),
  );
}

/** One file and its sidecar per asset into `dir`; a refusal is listed, not fatal — unless every asset was refused. */
async function exportToFolder(
  services: ExportCliServices,
  dir: string,
  selection: ExportSelection,
  options: { preset: string; channel: string; region?: string; version: number | undefined },
  progress: (event: ExportProgress) => void,
) {
  const assetIds = 'assetIds' in selection ? selection.assetIds : [];
  await mkdir(dir, { recursive: true });
  const taken = new Set<string>();
  const exported: { assetId: string; file: string }[] = [];
  const refused: RefusedEntry[] = [];
  let lastError: ProvenaError | undefined;
  for (const [index, assetId] of assetIds.entries()) {
    try {
      const file = await services.exports.exportOne(services.ctx, assetId, {
        preset: options.preset,
        channel: options.channel,
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.version !== undefined ? { version: options.version } : {}),
      });
      const name = freeName(dir, taken, file.fileName);
      await writeWhole(join(dir, name), file.stream);
      await writeWhole(join(dir, `${name}.jsonld`), Buffer.from(`${JSON.stringify(file.jsonLd, null, 2)}\n`));
      exported.push({ assetId, file: name });
      progress({
        kind: 'exported',
        index,
        total: assetIds.length,
        entry: {
          assetId,
          version: file.decision.version,
          title: name,
          file: name,
          sidecar: `${name}.jsonld`,
          sha256: file.sha256,
          size: file.size,
          mediaType: file.mediaType,
          c2pa: file.c2pa,
        },
      });
    } catch (error) {
      if (!isProvenaError(error)) throw error;
      lastError = error;
      const entry: RefusedEntry = {
        assetId,
        code: error.code,
        message: error.message,
        ...(error.code === 'USAGE_DENIED'
          ? {
              reasons: (
                error.details.decision as { reasons: RefusedEntry['reasons'] & object } | undefined
              )?.reasons?.filter((r) => r.verdict === 'deny'),
            }
          : {}),
      };
      refused.push(entry);
      progress({ kind: 'refused', index, total: assetIds.length, entry });
    }
  }
  // Nothing left: the command fails with the refusal itself (its exit code), as a single export would.
  if (exported.length === 0 && lastError) throw lastError;
  return { exported, refused };
}
