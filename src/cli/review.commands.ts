/**
 * `provena review …`: the queue of assets waiting for the caller's sign-off (with counts), an asset's review status,
 * claim and release, approve / reject / request-changes, comments (with a region), and the review of a variant
 * family. A sign-off or a claim is a person's: the local operator is refused them (FORBIDDEN) and acts through a
 * user's context (a token or --as, where the CLI offers them). Added to the program by buildProgram.
 */
import { Option, type Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';
import { reviewRoles, riskTiers, type ReviewDecision, type ReviewRole, type RiskTier } from '../domain/review.ts';
import type { ClaimFilter, Region, ReviewQueueItem } from '../domain/review-records.ts';
import { partialFailureExitCode } from '../edge/error-table.ts';
import type { DecisionOutcome, ReviewService, ReviewStatus } from '../services/review.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { nextPageHint, table } from './output.ts';

export interface ReviewCliServices {
  ctx: RequestContext;
  review: ReviewService;
}

/** `--region x,y,w,h`: four fractions of the picture; anything else is named. */
export function parseRegion(text: string): Region {
  const parts = text.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n)))
    throw new ProvenaError('VALIDATION_FAILED', `--region takes four numbers x,y,w,h (fractions 0–1), not "${text}".`, {
      problems: [{ field: 'region', problem: 'must be x,y,w,h: four numbers from 0 to 1' }],
    });
  const [x, y, w, h] = numbers as [number, number, number, number];
  return { x, y, w, h };
}

function queueTable(items: ReviewQueueItem[]): string {
  if (items.length === 0) return 'nothing waits for your review';
  const rows = items.map((i) => [
    i.assetId,
    String(i.tier),
    i.roles.join('+'),
    i.enteredReviewAt,
    i.claim ? `${i.claim.claimantUsername} until ${i.claim.expiresAt}` : '',
    i.flags.join(','),
    i.title,
  ]);
  return table(
    [['ASSET', 'TIER', 'AS', 'IN REVIEW SINCE', 'CLAIMED BY', 'FLAGS', 'TITLE'], ...rows],
    [36, 4, 17, 24, 40, 28, 40],
  );
}

export function describeReviewStatus(s: ReviewStatus): string {
  const lines = [
    `asset ${s.assetId}: ${s.status}, tier ${s.tier} (needs ${s.required.join(' and ')}), version ${s.version}`,
    ...s.signOffs.map(
      (o) => `  ${o.decision} as ${o.role} by ${o.reviewerUsername} at ${o.at}${o.reason ? `: ${o.reason}` : ''}`,
    ),
    `  missing: ${s.missing.join(', ') || 'nothing'}`,
    ...(s.earlierSignOffs > 0 ? [`  ${s.earlierSignOffs} sign-off(s) of earlier versions no longer count`] : []),
    ...(s.canSignAs.length > 0 ? [`  you can sign as: ${s.canSignAs.join(', ')}`] : []),
    ...(s.claim ? [`  claimed by ${s.claim.claimantUsername} until ${s.claim.expiresAt}`] : []),
    ...(s.flags.length > 0 ? [`  flags: ${s.flags.join(', ')}`] : []),
  ];
  return lines.join('\n');
}

function describeDecision(d: DecisionOutcome): string {
  const head = `asset ${d.assetId} version ${d.version}: ${d.signOff.decision} as ${d.signOff.role}`;
  if (d.transition) return `${head}; ${d.transition.from} → ${d.transition.to}`;
  return `${head}; still ${d.status}, missing ${d.missing.join(' and ')}`;
}

export function addReviewCommands<S extends ReviewCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const review = program.command('review').description('Review assets: queue, claims, sign-offs, comments');
  const json = (command: Command) => command.option('--json', 'print JSON');

  const queue = json(review.command('queue', { isDefault: true }).description('Assets waiting for your sign-off'))
    .addOption(new Option('--tier <n>', 'only this risk tier').choices(riskTiers.map(String)))
    .addOption(new Option('--role <role>', 'only what you would sign in this role').choices(reviewRoles))
    .option('--team <name>', 'only assets of this team')
    .option('--campaign <name>', 'only assets of this campaign')
    .addOption(new Option('--claim <which>', 'claimed, unclaimed or mine').choices(['claimed', 'unclaimed', 'mine']))
    .option('--flagged', 'only flagged assets (near-duplicate of an approved one, family candidates)')
    .option('--limit <n>', 'page size (1–200)', '50')
    .option('--cursor <cursor>', 'continue after a previous page');
  queue.action(
    withServices(
      queue,
      () => {
        const o = queue.opts<Record<string, string | boolean | undefined>>();
        const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
        return {
          o,
          limit: wholeNumberOption('--limit', o.limit, 200),
          filter: {
            ...(str('tier') ? { tier: Number(str('tier')) as RiskTier } : {}),
            ...(str('role') ? { role: str('role') as ReviewRole } : {}),
            ...(str('team') ? { team: str('team')! } : {}),
            ...(str('campaign') ? { campaign: str('campaign')! } : {}),
            ...(str('claim') ? { claim: str('claim') as ClaimFilter } : {}),
            ...(o.flagged === true ? { flagged: true } : {}),
          },
        };
      },
      async (services, { o, limit, filter }) => {
        const cursor = typeof o.cursor === 'string' ? o.cursor : undefined;
        const page = await services.review.queue(services.ctx, filter, { limit, ...(cursor ? { cursor } : {}) });
        if (o.json === true) return void out.write(`${JSON.stringify(page)}\n`);
        out.write(`${queueTable(page.items)}\n`);
        if (page.nextCursor) {
          const given: [string, string | undefined][] = [
            ['--tier', filter.tier === undefined ? undefined : String(filter.tier)],
            ['--role', filter.role],
            ['--team', filter.team],
            ['--campaign', filter.campaign],
            ['--claim', filter.claim],
            ['--limit', String(limit)],
          ];
          out.write(`${nextPageHint(`review queue${filter.flagged ? ' --flagged' : ''}`, given, page.nextCursor)}\n`);
        }
      },
    ),
  );

  const counts = json(review.command('counts').description('How many assets wait for you, per tier and role'));
  counts.action(
    withServices(counts, async (services) => {
      const c = await services.review.counts(services.ctx);
      if (counts.opts<{ json?: boolean }>().json) return void out.write(`${JSON.stringify(c)}\n`);
      const roles = Object.entries(c.byRole).map(([role, n]) => `${role} ${n}`);
      out.write(
        `${c.total} waiting: tier 1 ${c.byTier['1']}, tier 2 ${c.byTier['2']}, tier 3 ${c.byTier['3']}${roles.length ? ` (as ${roles.join(', ')})` : ''}\n`,
      );
    }),
  );

  const status = json(
    review.command('status').description("An asset's sign-offs, missing roles, claim").argument('<id>'),
  );
  status.action(
    withServices(status, async (services) => {
      const s = await services.review.status(services.ctx, status.args[0]!);
      out.write(status.opts<{ json?: boolean }>().json ? `${JSON.stringify(s)}\n` : `${describeReviewStatus(s)}\n`);
    }),
  );

  const claim = json(review.command('claim').description('Claim an asset in review for a while').argument('<id>'));
  claim.action(
    withServices(claim, async (services) => {
      const c = await services.review.claim(services.ctx, claim.args[0]!);
      out.write(
        claim.opts<{ json?: boolean }>().json
          ? `${JSON.stringify(c)}\n`
          : `asset ${c.assetId} claimed until ${c.expiresAt}\n`,
      );
    }),
  );
  const release = json(review.command('release').description('Release a claim').argument('<id>'));
  release.action(
    withServices(release, async (services) => {
      const r = await services.review.release(services.ctx, release.args[0]!);
      out.write(
        release.opts<{ json?: boolean }>().json
          ? `${JSON.stringify(r)}\n`
          : `${r.released ? 'released' : 'it was not claimed'}\n`,
      );
    }),
  );

  const decisions: [ReviewDecision, string][] = [
    ['approve', 'Approve the current version (your sign-off; the asset is approved once its tier has them all)'],
    ['reject', 'Reject the asset (--reason required)'],
    ['request-changes', 'Ask for changes (--reason required)'],
  ];
  for (const [decision, description] of decisions) {
    const command = json(review.command(decision).description(description).argument('<id>'))
      .option('--reason <text>', 'why (the requester reads it)')
      .addOption(
        new Option('--role <role>', 'the capacity you sign in (default: the one still open to you)').choices(
          reviewRoles,
        ),
      )
      .option('--version-number <n>', 'the version you reviewed (refused if it is no longer current)');
    command.action(
      withServices(
        command,
        () => {
          const o = command.opts<{ reason?: string; role?: ReviewRole; versionNumber?: string; json?: boolean }>();
          return {
            o,
            request: {
              decision,
              ...(o.reason !== undefined ? { reason: o.reason } : {}),
              ...(o.role ? { role: o.role } : {}),
              ...(o.versionNumber !== undefined
                ? { version: wholeNumberOption('--version-number', o.versionNumber, 1_000_000) }
                : {}),
            },
          };
        },
        async (services, { o, request }) => {
          const outcome = await services.review.decide(services.ctx, command.args[0]!, request);
          out.write(o.json ? `${JSON.stringify(outcome)}\n` : `${describeDecision(outcome)}\n`);
        },
      ),
    );
  }

  const comment = json(
    review
      .command('comment')
      .description('Comment on a version (default: the current one), optionally on a region')
      .argument('<id>')
      .argument('<text>'),
  )
    .option('--region <x,y,w,h>', 'a rectangle on the picture, in fractions of its width and height')
    .option('--version-number <n>', 'the version commented on (default: the current one)');
  comment.action(
    withServices(
      comment,
      () => {
        const o = comment.opts<{ region?: string; versionNumber?: string; json?: boolean }>();
        return {
          o,
          input: {
            body: comment.args[1]!,
            ...(o.region !== undefined ? { region: parseRegion(o.region) } : {}),
            ...(o.versionNumber !== undefined
              ? { version: wholeNumberOption('--version-number', o.versionNumber, 1_000_000) }
              : {}),
          },
        };
      },
      async (services, { o, input }) => {
        const c = await services.review.addComment(services.ctx, comment.args[0]!, input);
        out.write(o.json ? `${JSON.stringify(c)}\n` : `comment ${c.id} on version ${c.versionNumber}\n`);
      },
    ),
  );
  const comments = json(review.command('comments').description('Comments on an asset, oldest first').argument('<id>'));
  comments.action(
    withServices(comments, async (services) => {
      const list = await services.review.comments(services.ctx, comments.args[0]!);
      if (comments.opts<{ json?: boolean }>().json) return void out.write(`${JSON.stringify(list)}\n`);
      for (const c of list) {
        const region = c.region ? ` [${c.region.x},${c.region.y} ${c.region.w}×${c.region.h}]` : '';
        out.write(`v${c.versionNumber} ${c.createdAt} ${c.author}${region}: ${c.body}\n`);
      }
      if (list.length === 0) out.write('no comments\n');
    }),
  );

  const family = json(
    review
      .command('family')
      .description('Approve a confirmed family’s canonical asset (your sign-off) and deprecate the rest')
      .argument('<familyId>'),
  ).option('--reason <text>', 'kept with the sign-off');
  family.action(
    withServices(family, async (services) => {
      const o = family.opts<{ reason?: string; json?: boolean }>();
      const result = await services.review.reviewFamily(services.ctx, family.args[0]!, {
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      });
      if (o.json) out.write(`${JSON.stringify(result)}\n`);
      else
        for (const item of result.items) {
          const why =
            'error' in item && item.error
              ? `: ${item.error.message}`
              : 'missing' in item && item.missing
                ? ` (missing ${item.missing.join(' and ')})`
                : 'reason' in item && item.reason
                  ? ` (${item.reason})`
                  : '';
          out.write(`${item.role} ${item.assetId}: ${item.outcome}${why}\n`);
        }
      return result.items.some((i) => i.outcome === 'failed') ? partialFailureExitCode : 0;
    }),
  );
}
