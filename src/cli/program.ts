/**
 * The `provena` command line. Commands are thin: parse flags, call a service, print. Configuration flags are global
 * and mirror the PROVENA_* environment variables (src/config/config.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { loadConfig, settings, type Config } from '../config/config.ts';
import { partialFailureExitCode } from '../edge/error-table.ts';
import {
  assetStatuses,
  audiences,
  intendedUses,
  rightsStatuses,
  type Asset,
  type AssetStatus,
  type AssetWithVersions,
} from '../domain/asset.ts';
import { colourFamilies } from '../domain/enrichment.ts';
import { ProvenaError } from '../domain/errors.ts';
import { intakeFieldNames } from '../domain/intake-rules.ts';
import { jobStatuses, type Job, type JobStatus } from '../domain/jobs.ts';
import type { RiskTier } from '../domain/review.ts';
import type { AssetService } from '../services/asset.service.ts';
import type { IntakeService } from '../services/intake.service.ts';
import type { JobService } from '../services/job.service.ts';
import type { MaintenanceService } from '../services/maintenance.service.ts';
import type { WorkflowService } from '../services/workflow.service.ts';
import { requestableTransitions, type RequestableTransition } from '../domain/workflow.ts';
import { addEnrichmentCommands, describeEnrichment, type EnrichmentCliServices } from './enrichment.commands.ts';
import { addAssetLifecycleCommands, type AssetLifecycleCliServices } from './asset.commands.ts';
import { actingAsOf, addIdentityCommands, type ActingAs, type IdentityCliServices } from './identity.commands.ts';
import { addPolicyCommands, type PolicyCliServices } from './policy.commands.ts';
import { addBrandCommands, describeBrandCheck, type BrandCliServices } from './brand.commands.ts';
import { addReviewCommands, type ReviewCliServices } from './review.commands.ts';
import { addCollectionCommands, type CollectionCliServices } from './collection.commands.ts';
import { addSearchCommands, type SearchCliServices } from './search.commands.ts';
import { addShareCommands, type ShareCliServices } from './share.commands.ts';
import { addRightsCommands, type RightsCliServices } from './rights.commands.ts';
import { addExportCommands, type ExportCliServices } from './export.commands.ts';
import { describeAuditVerification } from './audit-report.ts';
import { serviceRunner } from './command-runner.ts';
import { numberOption, wholeNumberOption } from './options.ts';
import { exitCodeFor, nextPageHint, printError, table } from './output.ts';

/**
 * What a command runs on: the services, opened with the context the command acts as (`ctx`: the local operator, or
 * the user named by --as or --token; main/cli-services.ts decides, where the services are opened).
 */
export interface CliServices
  extends
    EnrichmentCliServices,
    PolicyCliServices,
    ReviewCliServices,
    IdentityCliServices,
    AssetLifecycleCliServices,
    BrandCliServices,
    CollectionCliServices,
    ShareCliServices,
    RightsCliServices,
    ExportCliServices,
    SearchCliServices {
  intake: IntakeService;
  workflow: WorkflowService;
  /** Loads the provenance engine and media inspector before a bulk intake (errors surface once, up front). */
  loadIntake(): Promise<void>;
  assets: AssetService;
  maintenance: MaintenanceService;
  jobs: JobService;
  close(): Promise<void>;
}

export interface CliDeps {
  /** Opens the services as the local operator, or as the user `actingAs` names (--as, --token). */
  openServices(config: Readonly<Config>, actingAs?: ActingAs): Promise<CliServices>;
  serve(config: Readonly<Config>): Promise<void>;
  /** Runs a job worker until SIGINT/SIGTERM. */
  work(config: Readonly<Config>): Promise<void>;
  version: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Where passwords are read from (--password-stdin, or typed on the terminal). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Intake fields with a closed set of values: `--help` lists them and a wrong one is refused before anything runs. */
const allowedIntakeValues = {
  rightsStatus: rightsStatuses,
  intendedUse: intendedUses,
  audience: audiences,
  regulated: ['true', 'false', 'yes', 'no'],
} as const;

export function buildProgram(deps: CliDeps): Command {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const program = new Command('provena')
    .description('Provena: digital asset management for generative-AI content.')
    .version(deps.version)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  for (const s of settings) {
    const option = new Option(
      `${s.flag} <value>`,
      `${s.description} [env ${s.env}${'default' in s ? `, default ${s.default}` : ''}]`,
    );
    program.addOption(option);
  }
  program.addHelpText(
    'after',
    '\nEvery flag above can also be set with the PROVENA_* environment variable named beside it.',
  );

  const configOf = (command: Command): Readonly<Config> => {
    const globals = command.optsWithGlobals<Record<string, string | undefined>>();
    return loadConfig(process.env, Object.fromEntries(settings.map((s) => [s.key, globals[s.key]])));
  };
  /** Long-running commands (serve, worker): an error becomes a message and the exit code from the error table. */
  const reportingErrors = (run: () => Promise<void>) => async () => {
    try {
      await run();
    } catch (error) {
      printError(error, err);
      process.exitCode = exitCodeFor(error);
    }
  };
  const withServices = serviceRunner((command) => deps.openServices(configOf(command), actingAsOf(command)), err);

  const serve = program
    .command('serve')
    .description('Run the HTTP API (and web docs at /docs) on --host/--port')
    .action(reportingErrors(() => deps.serve(configOf(serve))));

  const ingest = program
    .command('ingest')
    .description(
      'Ingest files, folders (recursively) and globs. Intake fields come from flags, a --manifest, and <file>.json sidecars (most specific wins).',
    )
    .argument('<paths...>', 'files, folders or glob patterns')
    .option(
      '--manifest <file>',
      'CSV or JSON manifest: one row per file with a "file" column (relative to the manifest) and intake fields',
    )
    .option('--strict', 'refuse files with missing fields instead of quarantining them')
    .option(
      '--json',
      'print one JSON line per file: {file, status, assetId, duplicateOf?, quarantineReasons?, provenance}',
    )
    .option('--concurrency <n>', 'files processed at once', '4')
    .option(
      '--follow-symlinks',
      'follow symbolic links found inside the given folders (never to places outside them); links named as arguments are always taken',
    );
  for (const name of intakeFieldNames) {
    const option = new Option(`--${kebab(name)} <value>`, `intake field "${name}" for every file`);
    const allowed = allowedIntakeValues[name as keyof typeof allowedIntakeValues];
    ingest.addOption(allowed ? option.choices(allowed) : option);
  }
  ingest.action(
    withServices(
      ingest,
      () => {
        const opts = ingest.opts<Record<string, string | boolean | undefined>>();
        return {
          concurrency: wholeNumberOption('--concurrency', opts.concurrency, 64),
          manifest: typeof opts.manifest === 'string' ? opts.manifest : undefined,
          strict: opts.strict === true,
          json: opts.json === true,
          followSymlinks: opts.followSymlinks === true,
          flagFields: Object.fromEntries(
            intakeFieldNames.filter((n) => opts[n] !== undefined).map((n) => [n, opts[n]]),
          ),
        };
      },
      async (services, { concurrency, manifest: manifestPath, strict, json, followSymlinks, flagFields }) => {
        // Loaded here: globbing, CSV and the progress bar are for ingest only.
        const [{ expandPaths, fieldsFor, loadManifest }, { ingestAll }] = await Promise.all([
          import('./ingest-sources.ts'),
          import('./ingest-runner.ts'),
        ]);
        const manifest = manifestPath === undefined ? undefined : await loadManifest(manifestPath);
        // Provena's own data folder is never ingested, nor is the manifest when it lies in an ingested folder.
        const { files, missing, skippedLinks } = await expandPaths(
          ingest.args,
          { folders: [configOf(ingest).dataDir], files: manifestPath === undefined ? [] : [manifestPath] },
          { followSymlinks },
        );
        for (const m of missing) err.write(`warning: nothing found at ${m}\n`);
        for (const link of skippedLinks) {
          const hint =
            link.reason === 'not followed' ? ' (--follow-symlinks follows links inside the given folders)' : '';
          err.write(`warning: symbolic link ${link.path} skipped: ${link.reason}${hint}\n`);
        }
        // A bad trust list or a broken engine stops the run here, not once per file.
        await services.loadIntake();
        const report = await ingestAll({
          files,
          itemFor: (file) => fieldsFor(file, flagFields, manifest),
          intake: async (item) =>
            services.intake.intake(services.ctx, await openLocalFile(item.file), {
              fileName: basename(item.file),
              fields: item.fields,
              mode: 'bulk',
              strict,
            }),
          concurrency,
          json,
          out,
          err,
        });
        return report.failed > 0 || missing.length > 0 ? partialFailureExitCode : 0;
      },
    ),
  );

  const show = program
    .command('show')
    .description('Show one asset with its versions and provenance')
    .argument('<id>', 'asset id')
    .option('--json', 'print JSON');
  show.action(
    withServices(show, async (services) => {
      const asset = await services.assets.get(services.ctx, show.args[0]!);
      const enrichment = await services.enrichments.view(services.ctx, asset.id);
      const brandChecks = await services.brandChecks.checksOf(services.ctx, asset.id);
      out.write(
        show.opts().json
          ? `${JSON.stringify({ ...asset, enrichment, brandChecks }, bytesAsLength)}\n`
          : describeAsset(asset) +
              describeEnrichment(enrichment) +
              (brandChecks.current.length > 0
                ? `brand checks:\n${brandChecks.current.map((c) => describeBrandCheck(c)).join('\n')}\n${brandChecks.rereview ? `  re-review: a new guideline version changed the verdict from ${brandChecks.rereview.previous.verdict} to ${brandChecks.rereview.check.verdict}\n` : ''}`
                : ''),
      );
    }),
  );

  const ls = program
    .command('ls')
    .description('List assets, newest first')
    .addOption(new Option('--status <status>', 'filter by status').choices(assetStatuses))
    .option('--campaign <name>', 'filter by campaign')
    .option('--team <name>', 'filter by team')
    .option('--tool <name>', 'filter by tool')
    .addOption(new Option('--risk-tier <tier>', 'filter by risk tier').choices(['1', '2', '3']))
    .option('--q <text>', 'title contains (matched literally)')
    .addOption(
      new Option(
        '--deleted <which>',
        'soft-deleted assets alone, restorable until purged (needs asset:restore)',
      ).choices(['only']),
    )
    .option('--colour <colour>', `has a palette colour: a family (${colourFamilies.join(', ')}) or a hex colour`)
    .option('--colour-share <share>', 'with --colour: least share of the picture, 0–1 (default 0.1)')
    .option('--colour-tolerance <deltaE>', 'with a hex --colour: CIEDE2000 tolerance (default 10)')
    .option('--limit <n>', 'page size (1–200)', '50')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--json', 'print one JSON object: {items, nextCursor}');
  ls.action(
    withServices(ls, async (services) => {
      const o = ls.opts<Record<string, string | boolean | undefined>>();
      const limit = wholeNumberOption('--limit', o.limit, 200);
      const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
      const filter = Object.fromEntries(
        Object.entries({
          status: str('status') as AssetStatus | undefined,
          campaign: str('campaign'),
          team: str('team'),
          tool: str('tool'),
          riskTier: str('riskTier') === undefined ? undefined : (Number(str('riskTier')) as RiskTier),
          text: str('q'),
          deleted: str('deleted') as 'only' | undefined,
          colour: str('colour'),
          colourShare: numberOption('--colour-share', str('colourShare')),
          colourTolerance: numberOption('--colour-tolerance', str('colourTolerance')),
        }).filter(([, v]) => v !== undefined),
      );
      const page = await services.assets.list(services.ctx, filter, {
        limit,
        ...(str('cursor') ? { cursor: str('cursor')! } : {}),
      });
      if (o.json) {
        out.write(`${JSON.stringify(page)}\n`);
        return;
      }
      out.write(`${listTable(page.items)}\n`);
      if (page.nextCursor) {
        const given: [string, string | undefined][] = [
          ['--status', str('status')],
          ['--campaign', str('campaign')],
          ['--team', str('team')],
          ['--tool', str('tool')],
          ['--risk-tier', str('riskTier')],
          ['--q', str('q')],
          ['--deleted', str('deleted')],
          ['--colour', str('colour')],
          ['--colour-share', str('colourShare')],
          ['--colour-tolerance', str('colourTolerance')],
          ['--limit', limit === 50 ? undefined : String(limit)],
        ];
        out.write(`${nextPageHint('ls', given, page.nextCursor)}\n`);
      }
    }),
  );

  const doctor = program
    .command('doctor')
    .description(
      'Check the blob store against the database: orphan blobs (crash between write and commit), missing and corrupt blobs',
    )
    .option('--fix', 'remove orphan blobs and stale staging files')
    .option('--verify', 're-hash every stored blob (slow)')
    .option('--json', 'print JSON');
  doctor.action(
    withServices(doctor, async (services) => {
      const o = doctor.opts<{ fix?: boolean; verify?: boolean; json?: boolean }>();
      const report = await services.maintenance.doctor(services.ctx, {
        fix: o.fix === true,
        verifyContents: o.verify === true,
      });
      if (o.json) out.write(`${JSON.stringify(report)}\n`);
      else {
        const fixed = (count: number) =>
          report.removed ? ' (removed)' : count > 0 ? ' (run with --fix to remove)' : '';
        out.write(`blobs checked: ${report.blobsChecked}\n`);
        out.write(`orphan blobs: ${report.orphanBlobs.length}${fixed(report.orphanBlobs.length)}\n`);
        out.write(`stale staging files: ${report.staleStagingFiles}${fixed(report.staleStagingFiles)}\n`);
        out.write(`missing blobs: ${report.missingBlobs.length}\n`);
        if (o.verify) out.write(`corrupt blobs: ${report.corruptBlobs.length}\n`);
        for (const sha of [...report.missingBlobs, ...report.corruptBlobs]) out.write(`  ! ${sha}\n`);
      }
      return report.missingBlobs.length + report.corruptBlobs.length > 0
        ? exitCodeFor(new ProvenaError('INTEGRITY_ERROR', ''))
        : 0;
    }),
  );

  const audit = program.command('audit').description('The tamper-evident audit log');
  const verify = audit
    .command('verify')
    .description(
      'Recompute the keyed hash chain and the digest of every asset and version row, and compare the head with the checkpoints kept outside the database: an edited, deleted or reordered entry, an edited row, a truncated or rolled-back database, or another key fails',
    )
    .option('--json', 'print JSON');
  verify.action(
    withServices(verify, async (services) => {
      const result = await services.maintenance.verifyAudit(services.ctx);
      out.write(verify.opts().json ? `${JSON.stringify(result)}\n` : describeAuditVerification(result));
      return result.ok ? 0 : exitCodeFor(new ProvenaError('AUDIT_CHAIN_BROKEN', ''));
    }),
  );

  const worker = program
    .command('worker')
    .description(
      'Run background jobs until stopped (SIGINT/SIGTERM lets running jobs finish); start several against one PostgreSQL database to scale out',
    )
    .action(reportingErrors(() => deps.work(configOf(worker))));

  const jobs = program
    .command('jobs')
    .description('The background job queue: depth, running and failed jobs per queue; retry and cancel');
  const jobsList = jobs
    .command('list', { isDefault: true })
    .description('Counts per queue, then the newest jobs (the default of `provena jobs`)')
    .addOption(new Option('--status <status>', 'only jobs in this state').choices(jobStatuses))
    .option('--queue <name>', 'only jobs of this queue')
    .option('--limit <n>', 'jobs listed (1–200)', '20')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--json', 'print one JSON object: {stats, items, nextCursor}');
  jobsList.action(
    withServices(jobsList, async (services) => {
      const o = jobsList.opts<{ status?: JobStatus; queue?: string; limit: string; cursor?: string; json?: boolean }>();
      const limit = wholeNumberOption('--limit', o.limit, 200);
      const filter = { ...(o.status ? { status: o.status } : {}), ...(o.queue ? { queue: o.queue } : {}) };
      const [stats, page] = await Promise.all([
        services.jobs.stats(services.ctx),
        services.jobs.list(services.ctx, filter, { limit, ...(o.cursor ? { cursor: o.cursor } : {}) }),
      ]);
      if (o.json) {
        out.write(`${JSON.stringify({ stats, ...page })}\n`);
        return;
      }
      const counts = (c: typeof stats.totals) =>
        [c.queued, c.running, c.failed, c.dead, c.succeeded, c.cancelled].map(String);
      const queueRows = stats.queues.map((q) => [q.queue, ...counts(q)]);
      out.write(
        `${table([['QUEUE', 'QUEUED', 'RUNNING', 'FAILED', 'DEAD', 'SUCCEEDED', 'CANCELLED'], ...queueRows, ['(all)', ...counts(stats.totals)]], [20, 7, 8, 7, 6, 10, 10])}\n\n`,
      );
      out.write(`${jobTable(page.items)}\n`);
      if (page.nextCursor) {
        const given: [string, string | undefined][] = [
          ['--status', o.status],
          ['--queue', o.queue],
          ['--limit', limit === 20 ? undefined : String(limit)],
        ];
        out.write(`${nextPageHint('jobs', given, page.nextCursor)}\n`);
      }
    }),
  );
  for (const [verb, description] of [
    ['retry', 'Run a dead, cancelled or failed job again now, with fresh attempts'],
    ['cancel', 'Cancel a queued, failed, running or dead job (a running one stops at its next lease renewal)'],
  ] as const) {
    const command = jobs
      .command(verb)
      .description(description)
      .argument('<id>', 'job id')
      .option('--json', 'print the job as JSON');
    command.action(
      withServices(command, async (services) => {
        const job = await services.jobs[verb](services.ctx, command.args[0]!);
        out.write(
          command.opts().json ? `${JSON.stringify(job)}\n` : `job ${job.id} (${job.name}) is now ${job.status}\n`,
        );
      }),
    );
  }
  const asset = program.command('asset').description('One asset: its workflow');
  const transition = asset
    .command('transition')
    .description(
      "Change an asset's status by a named workflow transition (enrichment, review decisions and new versions change it themselves)",
    )
    .argument('<id>', 'asset id')
    .addArgument(new Argument('<name>', 'the transition').choices(requestableTransitions))
    .option('--reason <text>', 'why (kept in the audit log): a quarantine cause, say')
    .option('--json', 'print JSON: {transition, from, to, asset}');
  transition.action(
    withServices(transition, async (services) => {
      const [id, name] = transition.args as [string, RequestableTransition];
      const o = transition.opts<{ reason?: string; json?: boolean }>();
      const outcome = await services.workflow.transition(services.ctx, id, name, {
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      });
      out.write(
        o.json
          ? `${JSON.stringify(outcome, bytesAsLength)}\n`
          : `asset ${id}: ${outcome.from} → ${outcome.to} (${outcome.transition})\n`,
      );
    }),
  );
  addEnrichmentCommands(program, withServices, out, err);
  addAssetLifecycleCommands(program, withServices, out);
  addIdentityCommands(program, withServices, { out, err, stdin: deps.stdin ?? process.stdin });
  addPolicyCommands(program, withServices, out);
  addBrandCommands(program, withServices, out);
  addReviewCommands(program, withServices, out);
  addCollectionCommands(program, withServices, out);
  addRightsCommands(program, withServices, out);
  addExportCommands(program, withServices, { out, err });
  addSearchCommands(program, withServices, out, err);
  addShareCommands(program, withServices, { out, err, stdin: deps.stdin ?? process.stdin });
  return program;
}

/**
 * A typical generated image (a few MB) is read whole, in one read into one buffer that intake then uses throughout;
 * larger files are streamed in 1 MiB reads so that memory stays bounded.
 */
async function openLocalFile(path: string): Promise<Uint8Array | Readable> {
  const { size } = await stat(path);
  return size <= wholeFileReadBytes ? readFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
}
const wholeFileReadBytes = 8 * 1024 * 1024;

const bytesAsLength = (_key: string, value: unknown) =>
  value instanceof Uint8Array ? `<${value.length} bytes>` : value;

function jobTable(items: Job[]): string {
  if (items.length === 0) return 'no jobs';
  const rows = items.map((j) => [
    j.id,
    j.status,
    j.queue,
    j.name,
    `${j.attempts}/${j.maxAttempts}`,
    j.finishedAt ?? j.runAt,
    j.lastError ? `${j.lastError.code}: ${j.lastError.message}` : '',
  ]);
  return table(
    [['ID', 'STATUS', 'QUEUE', 'NAME', 'TRIES', 'RUN AT / FINISHED', 'LAST ERROR'], ...rows],
    [36, 9, 14, 26, 5, 24, 60],
  );
}

function listTable(items: Asset[]): string {
  if (items.length === 0) return 'no assets';
  const rows = items.map((a) => [a.id, a.status, a.tool ?? '', a.campaign?.name ?? '', a.team?.name ?? '', a.title]);
  return table([['ID', 'STATUS', 'TOOL', 'CAMPAIGN', 'TEAM', 'TITLE'], ...rows], [36, 11, 16, 16, 14, 40]);
}

function describeAsset(asset: AssetWithVersions): string {
  const lines = [
    `${asset.title}  (${asset.id})`,
    `  status:        ${asset.status}`,
    ...asset.quarantineReasons.map((r) => `    reason:      ${r.field ? `${r.field}: ` : ''}${r.message}`),
    `  kind:          ${asset.kind}`,
    `  prompt:        ${asset.prompt ?? '—'}`,
    `  tool / model:  ${asset.tool ?? '—'} ${asset.toolVersion ?? ''} / ${asset.model ?? '—'}`,
    `  requestor:     ${asset.requestor?.name ?? '—'}   team: ${asset.team?.name ?? '—'}   campaign: ${asset.campaign?.name ?? '—'}`,
    `  intended use:  ${asset.intendedUse ?? '—'}   rights: ${asset.rightsStatus}`,
    `  risk tier:     ${asset.riskTier === undefined ? 'not derived yet' : `${asset.riskTier} (${asset.riskRule ? `rule ${asset.riskRule}` : 'default tier'}, policy v${asset.riskPolicyVersion})`}`,
    `  created:       ${asset.createdAt}`,
  ];
  for (const v of asset.versions) {
    const p = v.provenance;
    lines.push(
      `  version ${v.number}: ${v.fileName}  ${v.mediaType}  ${v.blob.size} bytes${v.width ? `  ${v.width}×${v.height}` : ''}`,
    );
    lines.push(`    sha256:      ${v.blob.sha256}`);
    lines.push(`    AI:          ${p.aiInvolvement}${p.digitalSourceType ? `  (${p.digitalSourceType})` : ''}`);
    if (p.generator)
      lines.push(
        `    generator:   ${[p.generator.system, p.generator.version, p.generator.model].filter(Boolean).join(' · ')}`,
      );
    if (p.sampling)
      lines.push(
        `    sampling:    ${Object.entries(p.sampling)
          .map(([k, val]) => `${k}=${String(val)}`)
          .join(', ')}`,
      );
    if (p.c2pa?.present) {
      lines.push(
        `    C2PA:        ${p.c2pa.validationState ?? 'not validated'}${p.c2pa.signer?.commonName ? `, signed by ${p.c2pa.signer.commonName}` : ''}${p.c2pa.statusCodes.length ? ` [${p.c2pa.statusCodes.join(', ')}]` : ''}`,
      );
    }
    for (const w of p.warnings ?? []) lines.push(`    warning:     ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
