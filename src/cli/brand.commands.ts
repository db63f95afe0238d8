/**
 * `provena brand …`: brands and their guidelines — create, list, import a guideline file (JSON or YAML) as the next
 * version (the brand named in the document, made if it does not exist yet), export a version, list versions, upload a
 * reference logo — and `provena check <asset>`: the asset's brand check run now, each rule's result with its
 * evidence. Added by buildProgram.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import type { BrandRuleResult, RuleEvidence } from '../domain/brand-guideline.ts';
import type { StoredBrandCheck } from '../domain/brand-records.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import type { BrandCheckService } from '../services/brand-check.service.ts';
import { slugOf, type BrandGuidelineService, type GuidelineDocument } from '../services/brand-guideline.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { table } from './output.ts';

export interface BrandCliServices {
  ctx: RequestContext;
  brands: BrandGuidelineService;
  brandChecks: BrandCheckService;
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ProvenaError('VALIDATION_FAILED', `Cannot read the ${what} ${path}: ${code}.`, {
      problems: [{ field: 'file', problem: `cannot be read (${code})` }],
    });
  }
}

/** A guideline read from a file: YAML when named .yaml or .yml, JSON otherwise. */
async function guidelineFile(path: string): Promise<GuidelineDocument> {
  const text = (await readInput(path, 'guideline file')).toString('utf8');
  return /\.ya?ml$/i.test(path) ? { text, format: 'yaml' } : { text };
}

/** The brand a command names with --brand, or the only one there is. */
async function brandOf(services: BrandCliServices, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const brands = await services.brands.listBrands(services.ctx);
  if (brands.length === 1) return brands[0]!.slug;
  throw new ProvenaError(
    'VALIDATION_FAILED',
    `Name the brand with --brand (${brands.length === 0 ? 'none exists yet: provena brand create <name>' : `brands: ${brands.map((b) => b.slug).join(', ')}`}).`,
    { problems: [{ field: '--brand', problem: 'required when there is not exactly one brand' }] },
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const boxOf = (b: { x: number; y: number; width: number; height: number }) =>
  `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;

/** The evidence of a rule result in a line or two a brand manager reads. */
export function describeEvidence(evidence: RuleEvidence | undefined): string[] {
  if (!evidence) return [];
  switch (evidence.type) {
    case 'palette':
      return [
        `on palette ${percent(evidence.onPaletteShare)} (at least ${percent(evidence.minOnPaletteShare)})` +
          (evidence.offPaletteColours.length > 0
            ? `; off palette: ${evidence.offPaletteColours
                .slice(0, 4)
                .map((c) => `${c.hex} ${percent(c.share)} (ΔE ${c.deltaE} from ${c.nearest})`)
                .join(', ')}`
            : ''),
        ...(evidence.forbiddenColours.length > 0
          ? [`forbidden colours: ${evidence.forbiddenColours.map((c) => `${c.name} ${percent(c.share)}`).join(', ')}`]
          : []),
      ];
    case 'logo':
      return evidence.matches.length === 0
        ? [`logo ${evidence.logoId} not found (score ≥ ${evidence.minScore})`]
        : evidence.matches.map(
            (m) =>
              `logo ${evidence.logoId} at ${boxOf(m.box)}, scale ${m.scale.toFixed(2)}, score ${m.score.toFixed(2)}${m.zone ? `, in zone ${m.zone}` : ''}${m.clearSpaceViolations.length > 0 ? `; clear space broken by ${m.clearSpaceViolations.map((v) => v.text ?? v.what).join(', ')}` : ''}`,
          );
    case 'text':
      return [
        ...evidence.forbidden.map(
          (h) => `forbidden "${h.phrase}": "${h.text}" in the ${h.source}${h.box ? ` at ${boxOf(h.box)}` : ''}`,
        ),
        ...evidence.misspellings.map(
          (h) =>
            `"${h.text}" looks like "${h.phrase}" misspelt (distance ${h.distance})${h.box ? ` at ${boxOf(h.box)}` : ''}`,
        ),
        ...evidence.missingDisclaimers.map((d) => `missing disclaimer: "${d}"`),
      ];
    case 'prompt':
      return evidence.matches.map((m) => `prompt [${m.start}–${m.end}] "${m.text}" matches "${m.term}"`);
    case 'people':
      return [
        `${evidence.faces.length} face(s)${evidence.containsPeople ? ', realistic people depicted' : ''}; model release ${evidence.modelReleaseOnFile ? 'on file' : 'not on file'}${evidence.raiseTierTo ? `; asks for tier ${evidence.raiseTierTo}` : ''}`,
      ];
    case 'channel-format':
      return evidence.channels.map(
        (c) => `${c.channel}: ${c.width}×${c.height} ${c.outcome === 'pass' ? 'fits' : c.problems.join('; ')}`,
      );
    case 'moderation':
      return evidence.exceeded.map((e) => `${e.label} ${e.score.toFixed(2)} ≥ ${e.threshold}`);
  }
}

const ruleLine = (r: BrandRuleResult) =>
  [
    `    ${r.outcome.toUpperCase().padEnd(14)} ${r.ruleId} (${r.type}, ${r.severity}, weight ${r.weight}): ${r.reason}`,
    ...describeEvidence(r.evidence).map((line) => `        ${line}`),
  ].join('\n');

/** One stored check with every rule's result and evidence. */
export function describeBrandCheck(check: StoredBrandCheck, brandName = check.brandId): string {
  return [
    `  brand ${brandName}, guideline v${check.guidelineVersion}: ${check.verdict.toUpperCase()}, score ${check.score} (asset v${check.versionNumber}, ${check.cause}, ${check.checkedAt})`,
    ...check.results.map(ruleLine),
  ].join('\n');
}

export function addBrandCommands<S extends BrandCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const brand = program.command('brand').description('Brands, their versioned guidelines and reference logos');

  const create = brand.command('create').description('Create a brand').argument('<name>', 'the brand name');
  create.action(
    withServices(create, async (services) => {
      const made = await services.brands.createBrand(services.ctx, { name: create.args[0]! });
      out.write(`created brand ${made.slug} (${made.id})\n`);
    }),
  );

  const list = brand.command('list').description('Every brand, with its newest guideline version').option('--json');
  list.action(
    withServices(list, async (services) => {
      const items = await services.brands.listBrands(services.ctx);
      if (list.opts().json) return void out.write(`${JSON.stringify({ items })}\n`);
      out.write(
        `${table(
          [
            ['SLUG', 'NAME', 'GUIDELINE', 'LOGOS'],
            ...items.map((b) => [
              b.slug,
              b.name,
              b.latestVersion === undefined ? '—' : `v${b.latestVersion}`,
              b.logos.map((l) => l.name).join(', '),
            ]),
          ],
          [24, 30, 10, 40],
        )}\n`,
      );
    }),
  );

  const importCommand = brand
    .command('import')
    .description(
      "Import a guideline file (JSON, or YAML when named .yaml/.yml) as the brand's next version; every problem is named by its path. Without --brand, the brand named in the document (made if new)",
    )
    .argument('<file>', 'the guideline document')
    .option('--brand <brand>', 'the brand (id or slug)')
    .option('--note <text>', 'why the guideline changes (kept with the version)')
    .option('--json', 'print the stored version as JSON');
  importCommand.action(
    withServices(importCommand, async (services) => {
      const o = importCommand.opts<{ brand?: string; note?: string; json?: boolean }>();
      const document = await guidelineFile(importCommand.args[0]!);
      let target = o.brand;
      if (target === undefined) {
        const name = services.brands.parse(document).brand.name;
        target = slugOf(name);
        let exists = true;
        try {
          await services.brands.brand(services.ctx, target);
        } catch (error) {
          if (!isProvenaError(error) || error.code !== 'NOT_FOUND') throw error;
          exists = false;
        }
        if (!exists) await services.brands.createBrand(services.ctx, { name });
      }
      const stored = await services.brands.importGuideline(services.ctx, target, document, o.note);
      if (o.json) return void out.write(`${JSON.stringify(stored)}\n`);
      const changes = stored.changes;
      out.write(
        `stored ${target} guideline version ${stored.version} (${stored.guideline.rules.length} rules)` +
          (changes
            ? `; changed: ${changes.changed.join(', ') || 'none'}, added: ${changes.added.join(', ') || 'none'}, removed: ${changes.removed.join(', ') || 'none'}`
            : '') +
          (stored.recheckQueued ? '; checked assets are re-checked in the background (job brand.recheck)' : '') +
          '\n',
      );
    }),
  );

  const exportCommand = brand
    .command('export')
    .description('Print a guideline version as a document to edit and import again')
    .argument('<brand>', 'the brand (id or slug)')
    .option('--format <format>', 'json or yaml', 'json')
    .option('--guideline-version <n>', 'this version (default: the newest)');
  exportCommand.action(
    withServices(
      exportCommand,
      () => {
        const o = exportCommand.opts<{ format: string; guidelineVersion?: string }>();
        const format: 'json' | 'yaml' | undefined =
          o.format === 'yaml' ? 'yaml' : o.format === 'json' ? 'json' : undefined;
        if (format === undefined) throw new ProvenaError('VALIDATION_FAILED', '--format must be json or yaml.');
        return {
          format,
          ...(o.guidelineVersion !== undefined
            ? { version: wholeNumberOption('--guideline-version', o.guidelineVersion, 1e9) }
            : {}),
        };
      },
      async (services, options) => {
        out.write((await services.brands.exportGuideline(services.ctx, exportCommand.args[0]!, options)).text);
      },
    ),
  );

  const versions = brand
    .command('versions')
    .description("Every version of a brand's guideline, newest first")
    .argument('[brand]', 'the brand (id or slug; default: the only one)')
    .option('--json');
  versions.action(
    withServices(versions, async (services) => {
      const items = await services.brands.versions(services.ctx, await brandOf(services, versions.args[0]));
      if (versions.opts().json) return void out.write(`${JSON.stringify({ items })}\n`);
      out.write(
        `${table(
          [
            ['VERSION', 'STORED', 'BY', 'NOTE'],
            ...items.map((v) => [String(v.version), v.createdAt, v.createdBy, v.note ?? '']),
          ],
          [7, 24, 30, 60],
        )}\n`,
      );
    }),
  );

  const logo = brand.command('logo').description("A brand's reference logos");
  const addLogo = logo
    .command('add')
    .description('Upload a reference logo (an image, at most 5 MB); logo rules name it by --name')
    .argument('<file>', 'the logo image (PNG, JPEG, WebP, GIF, TIFF or SVG)')
    .option('--brand <brand>', 'the brand (id or slug; default: the only one)')
    .option('--name <name>', 'what logo rules call it (default: from the file name)')
    .option('--json');
  addLogo.action(
    withServices(addLogo, async (services) => {
      const o = addLogo.opts<{ brand?: string; name?: string; json?: boolean }>();
      const file = addLogo.args[0]!;
      const bytes = await readInput(file, 'logo file');
      const name = o.name ?? slugOf(basename(file, extname(file)));
      const stored = await services.brands.addLogo(services.ctx, await brandOf(services, o.brand), { name, bytes });
      out.write(
        o.json
          ? `${JSON.stringify(stored)}\n`
          : `stored logo ${stored.name} (${stored.width}×${stored.height}, ${stored.mediaType}, sha256 ${stored.sha256})\n`,
      );
    }),
  );

  const check = program
    .command('check')
    .description("Run an asset's brand check now: each rule's result with its evidence")
    .argument('<asset>', 'asset id')
    .option('--json', 'print JSON');
  check.action(
    withServices(check, async (services) => {
      const checks = await services.brandChecks.check(services.ctx, check.args[0]!);
      if (check.opts().json) return void out.write(`${JSON.stringify({ items: checks })}\n`);
      if (checks.length === 0)
        return void out.write('no brand guideline applies to this asset (its team and campaign)\n');
      const names = new Map((await services.brands.listBrands(services.ctx)).map((b) => [b.id, b.slug]));
      out.write(`${checks.map((c) => describeBrandCheck(c, names.get(c.brandId))).join('\n')}\n`);
      // A failing check exits 1, so that scripts can gate on it.
      return checks.some((c) => c.verdict === 'fail') ? 1 : 0;
    }),
  );
}
