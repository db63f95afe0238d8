/**
 * An asset's lifecycle from the command line: `provena asset add-version|revert|edit|delete|restore` and `provena
 * purge`. Added to the program by buildProgram; each command calls one service and prints.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { editableIntakeFields } from '../domain/asset-edit.ts';
import { intendedUses, rightsStatuses, type AssetWithVersions } from '../domain/asset.ts';
import { validationFailed } from '../domain/errors.ts';
import type { AssetEditService, EditOutcome } from '../services/asset-edit.service.ts';
import type { AssetLifecycleService, PurgeReport } from '../services/asset-lifecycle.service.ts';
import type { IntakeService, VersionResult } from '../services/intake.service.ts';
import type { WithServices } from './command-runner.ts';

export interface AssetLifecycleCliServices {
  ctx: RequestContext;
  intake: IntakeService;
  edits: AssetEditService;
  lifecycle: AssetLifecycleService;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const collect = (value: string, previous: string[]) => [...previous, value];

/** Fields `asset edit --clear` may clear (title and rights status cannot be empty). */
const clearable = ['description', ...editableIntakeFields.filter((f) => f !== 'title' && f !== 'rightsStatus')];

export function addAssetLifecycleCommands<S extends AssetLifecycleCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const asset = program.commands.find((c) => c.name() === 'asset') ?? program.command('asset').description('One asset');
  const printVersion = (result: VersionResult, json: boolean) =>
    out.write(
      json
        ? `${JSON.stringify({ status: result.status, version: result.version?.number, duplicateOf: result.duplicateOf, asset: summary(result.asset) })}\n`
        : result.status === 'duplicate'
          ? `these bytes are already asset ${result.duplicateOf}: nothing added\n`
          : result.status === 'unchanged'
            ? `asset ${result.asset.id}: version ${result.version?.number} already holds these bytes: nothing added\n`
            : `asset ${result.asset.id}: version ${result.version?.number}${result.version?.revertOf ? ` (revert of version ${result.version.revertOf})` : ''} is current; status ${result.asset.status}\n`,
    );

  const addVersion = asset
    .command('add-version')
    .description(
      'Upload a new version of an asset: checked as at ingest; the asset goes back to enrichment and review (a quarantined one stays quarantined)',
    )
    .argument('<id>', 'asset id')
    .argument('<file>', 'the new file')
    .option('--json', 'print JSON: {status, version, duplicateOf?, asset}');
  addVersion.action(
    withServices(addVersion, async (services) => {
      const [id, file] = addVersion.args as [string, string];
      const result = await services.intake.addVersion(services.ctx, id, await openLocalFile(file), {
        fileName: basename(file),
      });
      printVersion(result, addVersion.opts().json === true);
    }),
  );

  const revert = asset
    .command('revert')
    .description(
      "Make a new version of an earlier version's file and provenance (recorded as a revert); back to review",
    )
    .argument('<id>', 'asset id')
    .argument('<n>', 'the version to revert to')
    .option('--json', 'print JSON: {status, version, asset}');
  revert.action(
    withServices(
      revert,
      () => {
        const n = Number(revert.args[1]);
        if (!Number.isInteger(n) || n < 1)
          throw validationFailed([{ field: '<n>', problem: 'a version number, 1 or more' }]);
        return n;
      },
      async (services, n) => {
        printVersion(await services.intake.revert(services.ctx, revert.args[0]!, n), revert.opts().json === true);
      },
    ),
  );

  const edit = asset
    .command('edit')
    .description(
      "Correct an asset's intake fields, description and user tags; every change is audited. A quarantined asset whose reasons the edit resolves leaves quarantine",
    )
    .argument('<id>', 'asset id')
    .option('--description <text>', 'a description');
  for (const name of editableIntakeFields) {
    const option = new Option(`--${kebab(name)} <value>`, `set "${name}"`);
    edit.addOption(
      name === 'intendedUse'
        ? option.choices(intendedUses)
        : name === 'rightsStatus'
          ? option.choices(rightsStatuses)
          : option,
    );
  }
  edit
    .option('--tag <label>', 'add a user tag (repeatable)', collect, [])
    .option('--remove-tag <label>', 'remove a user tag (repeatable)', collect, [])
    .addOption(
      new Option('--clear <field>', 'clear a field (repeatable)').choices(clearable).argParser(collect).default([]),
    )
    .option('--if-updated-at <time>', 'edit only if the asset was last changed at this time (its updatedAt)')
    .option('--json', 'print JSON: {asset, changes, tags, released, remainingReasons?}');
  edit.action(
    withServices(
      edit,
      () => {
        const o = edit.opts<Record<string, string | string[] | boolean | undefined>>();
        const fields: Record<string, unknown> = {};
        for (const name of ['description', ...editableIntakeFields])
          if (typeof o[name] === 'string') fields[name] = o[name];
        const cleared = o.clear as string[];
        const both = cleared.filter((name) => name in fields);
        if (both.length > 0)
          throw validationFailed(both.map((name) => ({ field: `--${kebab(name)}`, problem: 'both set and cleared' })));
        for (const name of cleared) fields[name] = null;
        if ((o.tag as string[]).length > 0) fields.addTags = o.tag;
        if ((o.removeTag as string[]).length > 0) fields.removeTags = o.removeTag;
        return {
          fields,
          json: o.json === true,
          ...(typeof o.ifUpdatedAt === 'string' ? { expectedUpdatedAt: o.ifUpdatedAt } : {}),
        };
      },
      async (services, { fields, json, expectedUpdatedAt }) => {
        const outcome = await services.edits.edit(services.ctx, edit.args[0]!, fields, {
          ...(expectedUpdatedAt !== undefined ? { expectedUpdatedAt } : {}),
        });
        out.write(json ? `${JSON.stringify({ ...outcome, asset: summary(outcome.asset) })}\n` : describeEdit(outcome));
      },
    ),
  );

  for (const [verb, description] of [
    ['delete', 'Soft-delete an asset: hidden everywhere until restored; purged after the retention period'],
    ['restore', 'Restore a soft-deleted asset as it was (needs asset:restore)'],
  ] as const) {
    const command = asset
      .command(verb)
      .description(description)
      .argument('<id>', 'asset id')
      .option('--json', 'print JSON');
    command.action(
      withServices(command, async (services) => {
        const id = command.args[0]!;
        const result =
          verb === 'delete'
            ? await services.lifecycle.delete(services.ctx, id)
            : await services.lifecycle.restore(services.ctx, id);
        out.write(
          command.opts().json
            ? `${JSON.stringify(summary(result))}\n`
            : verb === 'delete'
              ? `asset ${id} deleted; it can be restored until ${result.deletion?.purgeAfter}\n`
              : `asset ${id} restored (${result.status})\n`,
        );
      }),
    );
  }

  const purge = program
    .command('purge')
    .description(
      'Remove deleted assets past their retention period for good, with the files no other asset uses (audited)',
    )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print JSON: {dryRun, assets: [{id, title, deletedAt, purgeAfter, blobsRemoved}], blobsKept}');
  purge.action(
    withServices(purge, async (services) => {
      const o = purge.opts<{ dryRun?: boolean; json?: boolean }>();
      const report = await services.lifecycle.purge(services.ctx, { dryRun: o.dryRun === true });
      out.write(o.json ? `${JSON.stringify(report)}\n` : describePurge(report));
    }),
  );
}

/** The asset without its versions' provenance: what a line of output needs. */
function summary(asset: AssetWithVersions) {
  const { versions, ...rest } = asset;
  return {
    ...rest,
    versions: versions.map((v) => ({ number: v.number, sha256: v.blob.sha256, fileName: v.fileName })),
  };
}

function describeEdit(outcome: EditOutcome): string {
  const { asset } = outcome;
  if (outcome.changes.length === 0) return `asset ${asset.id}: nothing changed\n`;
  const show = (value: unknown): string =>
    value === null || value === undefined
      ? '—'
      : Array.isArray(value)
        ? value.map(String).join(', ') || '—'
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
  const lines = outcome.changes
    .filter((c) => c.field !== 'quarantineReasons')
    .map((c) => `  ${c.field}: ${show(c.before)} → ${show(c.after)}`);
  if (outcome.released) lines.push(`  every quarantine reason resolved: ${asset.status} now`);
  for (const reason of outcome.remainingReasons ?? [])
    lines.push(`  still quarantined: ${reason.field ? `${reason.field}: ` : ''}${reason.message}`);
  return `asset ${asset.id} edited\n${lines.join('\n')}\n`;
}

function describePurge(report: PurgeReport): string {
  if (report.assets.length === 0) return 'no deleted asset is past its retention period\n';
  const verb = report.dryRun ? 'would purge' : 'purged';
  const lines = report.assets.map(
    (a) =>
      `${verb} ${a.id}  ${a.title}  (deleted ${a.deletedAt})${report.dryRun ? '' : `, ${a.blobsRemoved.length} file(s) removed`}`,
  );
  if (!report.dryRun && report.blobsKept > 0) lines.push(`${report.blobsKept} file(s) kept: still used elsewhere`);
  return `${lines.join('\n')}\n`;
}

/** A file read whole when small (as ingest does), streamed in 1 MiB reads when large. */
async function openLocalFile(path: string): Promise<Uint8Array | Readable> {
  const { size } = await stat(path);
  return size <= 8 * 1024 * 1024 ? readFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
}
