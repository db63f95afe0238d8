/**
 * `provena rights …`: an asset's rights record — show, set (from a JSON or YAML file, and/or flags for the common
 * fields over the current record), history — and the usage check (`rights check`: exit 0 when allowed, USAGE_DENIED's
 * exit code when denied, every reason printed); `provena channels list|add|remove`: the organisation's channels.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { readDocumentText } from '../domain/document-text.ts';
import { ProvenaError, validationFailed } from '../domain/errors.ts';
import type { RightsRecord, StoredRights } from '../domain/rights.ts';
import type { UsageDecision } from '../domain/usage.ts';
import { errorTable } from '../edge/error-table.ts';
import type { AssetRights, RightsService } from '../services/rights.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { table } from './output.ts';

export interface RightsCliServices {
  ctx: RequestContext;
  rights: RightsService;
}

/** A rights document read from a file (YAML when named .yaml or .yml, JSON otherwise). */
async function recordFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ProvenaError('VALIDATION_FAILED', `Cannot read the rights file ${path}: ${code}.`, {
      problems: [{ field: '--file', problem: `cannot be read (${code})` }],
    });
  }
  const read = readDocumentText(text, /\.ya?ml$/i.test(path) ? 'yaml' : 'json', '--file');
  if ('problems' in read) throw validationFailed(read.problems);
  return read.value;
}

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

interface SetFlags {
  file?: string;
  revision?: string;
  status?: string;
  licence?: string;
  licensor?: string;
  licenceUrl?: string;
  channels?: string;
  regionsAllowed?: string;
  regionsDenied?: string;
  validFrom?: string;
  expires?: string;
  reviewDate?: string;
  derivatives?: boolean;
  credit?: string;
  releaseObtained?: string;
  json?: boolean;
}

/** The flags over a record: each given flag replaces its field. */
function withFlags(base: Record<string, unknown>, o: SetFlags): Record<string, unknown> {
  const next = { ...base };
  const put = (field: string, value: unknown) => {
    if (value !== undefined) next[field] = value;
  };
  put('status', o.status);
  put('licence', o.licence);
  put('licensor', o.licensor);
  put('licenceUrl', o.licenceUrl);
  put('approvedChannels', list(o.channels));
  put('regionsAllowed', list(o.regionsAllowed));
  put('regionsDenied', list(o.regionsDenied));
  put('validFrom', o.validFrom);
  put('expiresAt', o.expires);
  put('reviewDate', o.reviewDate);
  put('derivativesAllowed', o.derivatives);
  put('creditLine', o.credit);
  if (o.releaseObtained !== undefined)
    next.modelRelease = {
      ...(base.modelRelease ?? {}),
      required: true,
      obtained: true,
      reference: o.releaseObtained,
    };
  return next;
}

export function describeRights(rights: AssetRights | StoredRights): string {
  const record: RightsRecord | undefined = rights.record;
  if (!record) return `asset ${rights.assetId}: no rights record yet (revision 0)\n`;
  const days = [
    record.validFrom ? `from ${record.validFrom}` : undefined,
    record.expiresAt ? `to ${record.expiresAt} (last day)` : undefined,
  ].filter(Boolean);
  const lines = [
    `asset ${rights.assetId}: rights revision ${rights.revision} (set ${rights.setAt ?? ''} by ${rights.setBy ?? ''}, version ${rights.versionNumber ?? ''})`,
    `  status:        ${record.status}`,
    `  licence:       ${[record.licence, record.licensor && `from ${record.licensor}`, record.licenceUrl].filter(Boolean).join(', ') || '—'}`,
    `  channels:      ${record.approvedChannels.join(', ') || 'none'}`,
    `  regions:       ${record.regionsAllowed.length > 0 ? `only ${record.regionsAllowed.join(', ')}` : 'everywhere'}${record.regionsDenied.length > 0 ? `, not ${record.regionsDenied.join(', ')}` : ''}`,
    `  valid:         ${days.join(' ') || 'no dates'}${record.reviewDate ? `; review on ${record.reviewDate}` : ''}`,
    `  derivatives:   ${record.derivativesAllowed ? 'allowed' : 'not allowed'}`,
    `  credit:        ${record.creditLine ?? '—'}`,
    `  model release: ${record.modelRelease.obtained ? `obtained${record.modelRelease.reference ? ` (${record.modelRelease.reference})` : ''}` : record.modelRelease.required ? 'REQUIRED, not obtained' : 'not recorded'}`,
    `  AI origin:     ${record.aiOrigin.involvement}, registrable: ${record.aiOrigin.registrable}${record.aiOrigin.humanContribution ? ` (human: ${record.aiOrigin.humanContribution})` : ''}`,
    `  EU AI Act:     mark ${record.euAiAct.machineReadableMark ? 'present' : 'absent'}, visible label ${record.euAiAct.visibleLabelRequired ? (record.euAiAct.visibleLabelApplied ? 'required and applied' : 'REQUIRED, not applied') : 'not required'}`,
  ];
  if (record.thirdPartyInputs.length > 0)
    lines.push(
      `  third-party:   ${record.thirdPartyInputs.map((i) => `${i.kind} ${i.title}${i.reference ? ` <${i.reference}>` : ''}`).join('; ')}`,
    );
  return `${lines.join('\n')}\n`;
}

export function describeDecision(d: UsageDecision): string {
  const head = `${d.allowed ? 'ALLOWED' : 'DENIED'}: asset ${d.assetId} version ${d.version} on ${d.channel}${d.region ? ` in ${d.region}` : ''} on ${d.at.toISOString().slice(0, 10)}${d.derivative ? ' as a derivative' : ''}`;
  return `${[head, ...d.reasons.map((r) => `  ${r.verdict === 'deny' ? 'deny' : 'warn'}  ${r.code}: ${r.message}`)].join('\n')}\n`;
}

export function addRightsCommands<S extends RightsCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const rights = program
    .command('rights')
    .description(
      "An asset's rights record (licence, channels, regions, dates, release, AI origin) and the usage check",
    );

  const show = rights
    .command('show')
    .description("Show an asset's current rights record")
    .argument('<asset>', 'the asset id')
    .option('--json');
  show.action(
    withServices(show, async (services) => {
      const found = await services.rights.get(services.ctx, show.args[0]!);
      out.write(show.opts<{ json?: boolean }>().json ? `${JSON.stringify(found)}\n` : describeRights(found));
    }),
  );

  const set = rights
    .command('set')
    .description(
      'Set the whole record from --file (JSON or YAML), or change the fields the flags name on the current record',
    )
    .argument('<asset>', 'the asset id')
    .option('--file <path>', 'the whole record, JSON (or YAML when named .yaml/.yml)')
    .option('--revision <n>', 'the revision replaced (default: the current one, read first)')
    .option('--status <status>', 'cleared | pending | restricted | expired | unknown')
    .option('--licence <text>')
    .option('--licensor <text>')
    .option('--licence-url <url>')
    .option('--channels <list>', 'approved channels, comma-separated (web,social)')
    .option('--regions-allowed <list>', 'ISO 3166-1 codes, comma-separated (DE,AT)')
    .option('--regions-denied <list>', 'ISO 3166-1 codes, comma-separated')
    .option('--valid-from <day>', 'first day of use, YYYY-MM-DD (UTC)')
    .option('--expires <day>', 'last day of use, YYYY-MM-DD (UTC)')
    .option('--review-date <day>', 'when legal looks at it again')
    .option('--derivatives', 'derivatives are allowed')
    .option('--credit <text>', 'the credit line to print')
    .option('--release-obtained <reference>', 'a model release was obtained (its reference)')
    .option('--json');
  set.action(
    withServices(
      set,
      () => {
        const o = set.opts<SetFlags>();
        const revision = o.revision === undefined ? undefined : Number(o.revision);
        if (revision !== undefined && !(Number.isInteger(revision) && revision >= 0))
          throw validationFailed([{ field: '--revision', problem: 'must be a whole number from 0' }]);
        return { o, revision };
      },
      async (services, { o, revision }) => {
        const assetId = set.args[0]!;
        const current = await services.rights.get(services.ctx, assetId);
        const base = o.file !== undefined ? await recordFile(o.file) : (current.record ?? {});
        if (base === null || typeof base !== 'object' || Array.isArray(base))
          throw validationFailed([{ field: '--file', problem: 'must hold an object of rights fields' }]);
        const stored = await services.rights.set(services.ctx, assetId, {
          expectedRevision: revision ?? current.revision,
          record: withFlags(base as Record<string, unknown>, o),
        });
        out.write(o.json ? `${JSON.stringify(stored)}\n` : describeRights(stored));
      },
    ),
  );

  const history = rights
    .command('history')
    .description("Every revision of an asset's rights record, newest first")
    .argument('<asset>', 'the asset id')
    .option('--json');
  history.action(
    withServices(history, async (services) => {
      const revisions = await services.rights.history(services.ctx, history.args[0]!);
      if (history.opts<{ json?: boolean }>().json) return void out.write(`${JSON.stringify(revisions)}\n`);
      if (revisions.length === 0) return void out.write('no rights record yet\n');
      out.write(
        table(
          [
            ['REVISION', 'STATUS', 'VERSION', 'SET AT', 'BY', 'CHANNELS'],
            ...revisions.map((r) => [
              String(r.revision),
              r.record.status,
              String(r.versionNumber),
              r.setAt,
              r.setBy,
              r.record.approvedChannels.join(','),
            ]),
          ],
          [8, 10, 7, 24, 20, 30],
        ),
      );
    }),
  );

  const check = rights
    .command('check')
    .description('May the asset be used so? Exit 0 when allowed, the USAGE_DENIED exit code when denied')
    .argument('<asset>', 'the asset id')
    .requiredOption('--channel <channel>', "one of the organisation's channels (provena channels list)")
    .option('--region <code>', 'ISO 3166-1 alpha-2 code of where it will be used')
    .option('--date <day>', 'the day of use, YYYY-MM-DD (UTC), or an ISO-8601 instant; default now')
    .option('--version <n>', 'the version (default: the current one)')
    .option('--derivative', 'it will be altered (cropped, composited, edited)')
    .option('--json');
  check.action(
    withServices(
      check,
      () => {
        const o = check.opts<{
          channel: string;
          region?: string;
          date?: string;
          version?: string;
          derivative?: boolean;
          json?: boolean;
        }>();
        return {
          json: o.json === true,
          request: {
            assetId: check.args[0]!,
            channel: o.channel,
            ...(o.region !== undefined ? { region: o.region } : {}),
            ...(o.date !== undefined ? { at: o.date } : {}),
            ...(o.version !== undefined ? { version: wholeNumberOption('--version', o.version, 1_000_000) } : {}),
            ...(o.derivative ? { derivative: true } : {}),
          },
        };
      },
      async (services, { json, request }) => {
        const decision = await services.rights.check(services.ctx, request);
        out.write(json ? `${JSON.stringify(decision)}\n` : describeDecision(decision));
        return decision.allowed ? 0 : errorTable.USAGE_DENIED.exit;
      },
    ),
  );

  const channels = program
    .command('channels')
    .description("The organisation's channels (rights and usage checks name them)");
  const channelList = channels.command('list').description('List the channels').option('--json');
  channelList.action(
    withServices(channelList, async (services) => {
      const found = await services.rights.channels(services.ctx);
      if (channelList.opts<{ json?: boolean }>().json) return void out.write(`${JSON.stringify(found)}\n`);
      out.write(table([['CHANNEL', 'ADDED', 'BY'], ...found.map((c) => [c.name, c.addedAt, c.addedBy])], [16, 26, 24]));
    }),
  );
  const add = channels
    .command('add')
    .description('Add a channel (a lower-case slug: cinema, in-store)')
    .argument('<name>');
  add.action(
    withServices(add, async (services) => {
      const { channel, created } = await services.rights.addChannel(services.ctx, add.args[0]);
      out.write(created ? `added channel ${channel.name}\n` : `channel ${channel.name} exists already\n`);
    }),
  );
  const remove = channels.command('remove').description('Remove a channel (never internal)').argument('<name>');
  remove.action(
    withServices(remove, async (services) => {
      await services.rights.removeChannel(services.ctx, remove.args[0]!);
      out.write(`removed channel ${remove.args[0]!}\n`);
    }),
  );
}
