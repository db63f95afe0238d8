/**
 * `provena policy …`: the risk policy that gives assets their review tier — show the version in force (or another),
 * list the versions, check a document file without storing it, store one as the next version (re-deriving the tiers
 * of assets not yet approved in the background), and preview what a document would change. Added by buildProgram.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { StoredRiskPolicy } from '../domain/risk-policy.ts';
import type { PolicyDocument, PolicyPreview, PolicyService } from '../services/policy.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { table } from './output.ts';

export interface PolicyCliServices {
  ctx: RequestContext;
  policies: PolicyService;
}

/** A policy document read from a file (YAML when named .yaml or .yml, JSON otherwise); an unreadable file is named. */
async function documentFile(path: string): Promise<PolicyDocument> {
  try {
    return { text: await readFile(path, 'utf8'), ...(/\.ya?ml$/i.test(path) ? { format: 'yaml' as const } : {}) };
  } catch (error) {
    throw new ProvenaError(
      'VALIDATION_FAILED',
      `Cannot read the policy file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      {
        problems: [{ field: 'file', problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }],
      },
    );
  }
}

export function describePolicy(entry: StoredRiskPolicy): string {
  const lines = [
    `risk policy version ${entry.version}${entry.version === 0 ? ' (the shipped default)' : ''}`,
    `  stored:        ${entry.createdAt} by ${entry.createdBy}`,
    ...(entry.note ? [`  note:          ${entry.note}`] : []),
    `  default tier:  ${entry.policy.defaultTier}`,
    '  rules (the highest tier among those that hold wins):',
  ];
  for (const rule of entry.policy.rules) {
    const when = Object.entries(rule.when)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' and ');
    lines.push(
      `    tier ${rule.tier}  ${rule.id}: ${when}${rule.description ? `\n            ${rule.description}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function describePreview(preview: PolicyPreview): string {
  const lines = [
    `${preview.changes} of ${preview.examined} assets not yet approved would change tier or rule${preview.truncated ? ' (only the first ones were looked at)' : ''}`,
    ...Object.entries(preview.byTier).map(([move, count]) => `  tier ${move}: ${count}`),
  ];
  if (preview.examples.length > 0)
    lines.push(
      table(
        [
          ['ID', 'STATUS', 'FROM', 'TO', 'TITLE'],
          ...preview.examples.map((e) => [
            e.assetId,
            e.status,
            e.from.tier === undefined ? '—' : `${e.from.tier} ${e.from.rule ?? '(default)'}`,
            `${e.to.tier} ${e.to.rule ?? '(default)'}`,
            e.title,
          ]),
        ],
        [36, 11, 30, 30, 30],
      ),
    );
  return `${lines.join('\n')}\n`;
}

export function addPolicyCommands<S extends PolicyCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const policy = program.command('policy').description('The risk policy that gives assets their review tier');

  // The version is an argument: `--version` anywhere on the line is the program's own (it prints Provena's version).
  const show = policy
    .command('show')
    .description('Show the policy in force, or another version')
    .argument('[version]', 'this version (0: the shipped default)')
    .option('--json', 'print the stored version as JSON (its `policy` is a document `policy set` takes)');
  show.action(
    withServices(
      show,
      () => {
        const given = show.args[0];
        const version =
          given === undefined ? undefined : given.trim() === '0' ? 0 : wholeNumberOption('version', given, 1e9);
        return { version };
      },
      async (services, { version }) => {
        const entry =
          version === undefined
            ? await services.policies.current(services.ctx)
            : await services.policies.version(services.ctx, version);
        out.write(show.opts().json ? `${JSON.stringify(entry, null, 2)}\n` : describePolicy(entry));
      },
    ),
  );

  const history = policy
    .command('history')
    .description('Every version of the policy, newest first')
    .option('--json', 'print JSON');
  history.action(
    withServices(history, async (services) => {
      const items = await services.policies.history(services.ctx);
      if (history.opts().json) {
        out.write(`${JSON.stringify({ items })}\n`);
        return;
      }
      out.write(
        `${table(
          [
            ['VERSION', 'STORED', 'BY', 'NOTE'],
            ...items.map((i) => [String(i.version), i.createdAt, i.createdBy, i.note ?? '']),
          ],
          [7, 24, 30, 60],
        )}\n`,
      );
    }),
  );

  const check = policy
    .command('check')
    .description('Check a policy document (JSON or YAML file) without storing it; every problem is named by its path')
    .argument('<file>', 'the policy document');
  check.action(
    withServices(check, async (services) => {
      const policyDocument = services.policies.check(services.ctx, await documentFile(check.args[0]!));
      out.write(`ok: default tier ${policyDocument.defaultTier}, ${policyDocument.rules.length} rules\n`);
    }),
  );

  const set = policy
    .command('set')
    .description(
      'Store a policy document (JSON or YAML file) as the next version; the tiers of assets not yet approved are derived again in the background',
    )
    .argument('<file>', 'the policy document')
    .option('--note <text>', 'why the policy changes (kept with the version)')
    .option('--json', 'print the stored version as JSON');
  set.action(
    withServices(set, async (services) => {
      const o = set.opts<{ note?: string; json?: boolean }>();
      const entry = await services.policies.put(services.ctx, await documentFile(set.args[0]!), o.note);
      out.write(
        o.json
          ? `${JSON.stringify(entry)}\n`
          : `stored risk policy version ${entry.version}; the tiers of assets not yet approved are being derived again (job risk.rederive-tiers)\n`,
      );
    }),
  );

  const preview = policy
    .command('preview')
    .description('What a policy document (JSON or YAML file) would change, without storing it')
    .argument('<file>', 'the policy document')
    .option('--json', 'print JSON');
  preview.action(
    withServices(preview, async (services) => {
      const result = await services.policies.preview(services.ctx, await documentFile(preview.args[0]!));
      out.write(preview.opts().json ? `${JSON.stringify(result)}\n` : describePreview(result));
    }),
  );
}
