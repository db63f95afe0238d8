/**
 * `provena enrich` (backfill: queue jobs, or run now with a progress bar) and `provena family …` (list, show,
 * confirm, split, merge, move, canonical, deprecate-rest). Added to the program by buildProgram.
 */
import { Option, type Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { assetStatuses, type AssetFilter, type AssetStatus } from '../domain/asset.ts';
import { ProvenaError } from '../domain/errors.ts';
import { partialFailureExitCode } from '../edge/error-table.ts';
import type { VariantFamily } from '../domain/sameness.ts';
import {
  enricherNames,
  isEnricherName,
  type BackfillItem,
  type EnricherName,
  type EnrichmentReader,
  type EnrichmentService,
  type EnrichmentView,
  type scheduleEnrichment,
} from '../services/enrichment.service.ts';
import type { FamilyService } from '../services/family.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { nextPageHint, table } from './output.ts';

export interface EnrichmentCliServices {
  /** Who the command acts as (the local operator): what every service call is given. */
  ctx: RequestContext;
  enrichments: EnrichmentReader;
  families: FamilyService;
  openEnrichment(): Promise<EnrichmentService>;
  scheduleEnrichment(
    ctx: RequestContext,
    filter: AssetFilter,
    options?: Parameters<typeof scheduleEnrichment>[3],
  ): ReturnType<typeof scheduleEnrichment>;
}

export function addEnrichmentCommands<S extends EnrichmentCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): void {
  const enrich = program
    .command('enrich')
    .description('Enrich assets (backfill): queue enrichment jobs, or run them now with --now')
    .argument('[ids...]', 'asset ids (default: every asset matching the filters)')
    .option('--all', 'every asset (required when no ids and no filter are given)')
    .addOption(new Option('--status <status>', 'only assets with this status').choices(assetStatuses))
    .option('--campaign <name>', 'only assets of this campaign')
    .option('--team <name>', 'only assets of this team')
    .option('--tool <name>', 'only assets of this tool')
    .option('--only <enrichers>', `comma-separated subset of: ${enricherNames.join(', ')}`)
    .option('--force', 'recompute results already stored for the current model versions')
    .option('--now', 'run in this process (loads the models) instead of queueing jobs for the worker')
    .option('--concurrency <n>', 'assets enriched at once with --now', '2')
    .option('--json', 'print JSON');
  enrich.action(
    withServices(
      enrich,
      () => {
        const o = enrich.opts<Record<string, string | boolean | undefined>>();
        const str = (k: string): string | undefined => {
          const v = o[k];
          return typeof v === 'string' ? v : undefined;
        };
        const filter: AssetFilter = Object.fromEntries(
          Object.entries({
            status: str('status') as AssetStatus | undefined,
            campaign: str('campaign'),
            team: str('team'),
            tool: str('tool'),
          }).filter(([, v]) => v !== undefined),
        );
        const ids = enrich.args;
        if (ids.length === 0 && Object.keys(filter).length === 0 && o.all !== true) {
          throw new ProvenaError(
            'VALIDATION_FAILED',
            'Name asset ids, a filter (--status, --campaign, --team, --tool) or --all.',
          );
        }
        if (o.now !== true && ids.length > 0)
          throw new ProvenaError('VALIDATION_FAILED', 'Asset ids are enriched with --now; queue by filter or --all.');
        const only = parseOnly(o.only);
        return {
          ids,
          filter,
          now: o.now === true,
          json: o.json === true,
          concurrency: wholeNumberOption('--concurrency', o.concurrency, 16),
          options: { ...(only ? { only } : {}), ...(o.force === true ? { force: true } : {}) },
        };
      },
      async (services, { ids, filter, now, json, concurrency, options }) => {
        if (!now) {
          const result = await services.scheduleEnrichment(services.ctx, filter, options);
          out.write(
            json
              ? `${JSON.stringify(result)}\n`
              : `queued ${result.queued} enrichment job(s); ${result.alreadyQueued} already queued. A worker (provena worker, or provena serve on SQLite) runs them.\n`,
          );
          return 0;
        }
        const service = await services.openEnrichment();
        const { default: cliProgress } = await import('cli-progress');
        const bar =
          json || !('isTTY' in err && err.isTTY)
            ? undefined
            : new cliProgress.SingleBar(
                { stream: err, format: 'enrich [{bar}] {value} assets | {failed} failed | {eta_formatted}' },
                cliProgress.Presets.shades_classic,
              );
        let failed = 0;
        let done = 0;
        bar?.start(ids.length || 1, 0, { failed });
        const report = (item: BackfillItem) => {
          done++;
          if (!item.ok) failed++;
          if (bar) {
            if (ids.length === 0) bar.setTotal(Math.max(done + 1, bar.getTotal()));
            bar.update(done, { failed });
          }
          if (json) out.write(`${JSON.stringify(item)}\n`);
          else if (!item.ok) {
            const why = item.error
              ? `${item.error.code}: ${item.error.message}`
              : item.steps
                  .filter((s) => s.status === 'failed')
                  .map((s) => `${s.enricher} ${s.error?.code ?? ''}`)
                  .join(', ');
            err.write(`\nfailed ${item.assetId}: ${why}\n`);
          }
        };
        const backfill = { ...options, concurrency, onItem: report };
        await (ids.length > 0
          ? service.enrichAssets(services.ctx, ids, backfill)
          : service.enrichAll(services.ctx, filter, backfill));
        bar?.stop();
        if (!json) out.write(`enriched ${done} asset(s), ${failed} with failures\n`);
        return failed > 0 ? partialFailureExitCode : 0;
      },
    ),
  );

  const family = program.command('family').description('Variant families: one canonical asset plus its variants');
  const json = (command: Command) => command.option('--json', 'print JSON');
  const print = (command: Command, value: VariantFamily) =>
    out.write(command.opts().json ? `${JSON.stringify(value)}\n` : describeFamily(value));

  const list = json(family.command('list', { isDefault: true }).description('List families, newest first'))
    .addOption(new Option('--state <state>', 'suggested or confirmed').choices(['suggested', 'confirmed']))
    .option('--limit <n>', 'page size (1–200)', '50')
    .option('--cursor <cursor>', 'continue after a previous page');
  list.action(
    withServices(list, async (services) => {
      const o = list.opts<{ state?: 'suggested' | 'confirmed'; limit: string; cursor?: string; json?: boolean }>();
      const page = await services.families.list(services.ctx, o.state ? { state: o.state } : {}, {
        limit: wholeNumberOption('--limit', o.limit, 200),
        ...(o.cursor ? { cursor: o.cursor } : {}),
      });
      if (o.json) out.write(`${JSON.stringify(page)}\n`);
      else {
        const rows = page.items.map((f) => [f.id, f.state, f.reason, String(f.members.length), f.canonicalAssetId]);
        out.write(
          `${rows.length ? table([['FAMILY', 'STATE', 'REASON', 'MEMBERS', 'CANONICAL'], ...rows], [36, 9, 11, 7, 36]) : 'no families'}\n`,
        );
        if (page.nextCursor) {
          const given: [string, string | undefined][] = [
            ['--state', o.state],
            ['--limit', o.limit],
          ];
          out.write(`${nextPageHint('family list', given, page.nextCursor)}\n`);
        }
      }
    }),
  );

  const action = (
    name: string,
    description: string,
    args: string[],
    run: (services: S, a: string[], opts: Record<string, unknown>) => Promise<VariantFamily | undefined>,
  ) => {
    const command = json(family.command(name).description(description));
    for (const arg of args) command.argument(arg);
    return command.action(
      withServices(command, async (services) => {
        const result = await run(services, command.args, command.opts());
        if (result) print(command, result);
        else out.write('the family was dissolved (fewer than two members left)\n');
      }),
    );
  };
  action('show', 'Show one family', ['<family>'], (s, [id]) => s.families.get(s.ctx, id!));
  action(
    'confirm',
    'Confirm a suggested family (all members, or the listed ones)',
    ['<family>', '[assets...]'],
    (s, [id, ...assets]) => s.families.confirm(s.ctx, id!, assets.length ? assets : undefined),
  );
  action(
    'split',
    'Split the listed members off into a new family (--canonical picks its lead)',
    ['<family>', '<assets...>'],
    async (s, [id, ...assets], o) =>
      (await s.families.split(s.ctx, id!, assets, typeof o.canonical === 'string' ? o.canonical : undefined)).created,
  ).option('--canonical <asset>', 'canonical asset of the new family (default: the first listed)');
  action('merge', 'Merge <source> into <target>', ['<target>', '<source>'], (s, [target, source]) =>
    s.families.merge(s.ctx, target!, source!),
  );
  action('move', 'Move an asset into a family (out of its current one)', ['<asset>', '<family>'], (s, [asset, id]) =>
    s.families.moveMember(s.ctx, asset!, id!),
  );
  action(
    'remove',
    'Take members out of a family (reject a suggestion)',
    ['<family>', '<assets...>'],
    (s, [id, ...assets]) => s.families.removeMembers(s.ctx, id!, assets),
  );
  action('canonical', 'Set the canonical asset of a family', ['<family>', '<asset>'], (s, [id, asset]) =>
    s.families.setCanonical(s.ctx, id!, asset!),
  );

  const deprecate = json(
    family
      .command('deprecate-rest')
      .description('Deprecate every confirmed variant of a confirmed family')
      .argument('<family>'),
  );
  deprecate.action(
    withServices(deprecate, async (services) => {
      const result = await services.families.deprecateRest(services.ctx, deprecate.args[0]!);
      if (deprecate.opts().json) out.write(`${JSON.stringify(result)}\n`);
      else
        for (const item of result.items)
          out.write(`${item.outcome.padEnd(10)} ${item.assetId}${item.reason ? `  (${item.reason})` : ''}\n`);
    }),
  );
}

function parseOnly(value: string | boolean | undefined): EnricherName[] | undefined {
  if (typeof value !== 'string') return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isEnricherName(n));
  if (unknown.length > 0)
    throw new ProvenaError(
      'VALIDATION_FAILED',
      `--only: unknown enricher(s) ${unknown.join(', ')} (one of ${enricherNames.join(', ')}).`,
    );
  return names as EnricherName[];
}

function describeFamily(family: VariantFamily): string {
  const lines = [`family ${family.id}  ${family.state}  (${family.reason})`];
  for (const m of family.members) {
    lines.push(
      `  ${m.role === 'canonical' ? '*' : ' '} ${m.assetId}  ${m.role.padEnd(9)} ${m.state.padEnd(9)} ${m.reason}${m.matchedAssetId ? ` ~ ${m.matchedAssetId}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The text, faces and objects found in the picture, from their steps' results (each line only when done). */
function describeImageContent(view: EnrichmentView): string[] {
  const done = new Map(view.results.filter((r) => r.status === 'done').map((r) => [r.enricher, r.result]));
  const lines: string[] = [];
  const text = done.get('text') as { wordCount: number; text: string } | undefined;
  if (text) {
    const oneLine = text.text.replace(/\s+/g, ' ').trim();
    const shown = oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
    lines.push(`    text:        ${text.wordCount} words${shown ? `: ${JSON.stringify(shown)}` : ''}`);
  }
  const faces = done.get('faces') as { count: number; containsPeople: boolean } | undefined;
  if (faces) lines.push(`    faces:       ${faces.count}${faces.containsPeople ? ', realistic people depicted' : ''}`);
  const objects = done.get('objects') as { objects: { label: string; score: number }[] } | undefined;
  if (objects?.objects.length)
    lines.push(
      `    objects:     ${objects.objects
        .slice(0, 12)
        .map((o) => `${o.label} ${o.score.toFixed(2)}`)
        .join(', ')}`,
    );
  return lines;
}

/** The enrichment summary under `provena show`. */
export function describeEnrichment(view: EnrichmentView): string {
  const lines = [`  enrichment (version ${view.versionNumber}):`];
  for (const r of view.results) {
    lines.push(
      `    ${r.enricher.padEnd(13)} ${r.status.padEnd(7)} ${r.model}@${r.modelVersion}${r.error ? `  ${r.error.code}: ${r.error.message}` : ''}`,
    );
  }
  for (const name of view.pending) lines.push(`    ${name.padEnd(13)} pending`);
  if (view.renditions.length)
    lines.push(`    renditions:  ${view.renditions.map((r) => `${r.role} ${r.width}×${r.height}`).join(', ')}`);
  if (view.video)
    lines.push(
      `    video:       ${view.video.codec} ${view.video.width}×${view.video.height}, ${view.video.durationSeconds} s`,
    );
  if (view.palette.length)
    lines.push(
      `    palette:     ${view.palette.map((c) => `${c.hex} ${c.name} ${Math.round(c.share * 100)}%`).join(', ')}`,
    );
  if (view.tags.length)
    lines.push(
      `    tags:        ${view.tags
        .slice(0, 12)
        .map((t) => `${t.label} (${t.source} ${t.confidence.toFixed(2)})`)
        .join(', ')}`,
    );
  lines.push(...describeImageContent(view));
  if (view.hashes) lines.push(`    hashes:      dHash ${view.hashes.full.dHash}  pHash ${view.hashes.full.pHash}`);
  for (const e of view.embeddings)
    lines.push(`    embedding:   ${e.model}@${e.modelVersion} (${e.dimensions} dimensions)`);
  for (const l of view.nearDuplicates) {
    const other = l.assetId === view.assetId ? l.matchedAssetId : l.assetId;
    lines.push(`    ${l.verdict === 'near-duplicate' ? 'near-dup of' : 'similar to '}  ${other}  (${l.reason})`);
  }
  if (view.family)
    lines.push(
      `    family:      ${view.family.id} ${view.family.state}, ${view.family.members.length} members, canonical ${view.family.canonicalAssetId}`,
    );
  return `${lines.join('\n')}\n`;
}
