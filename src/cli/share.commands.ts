/**
 * `provena share …`: share links — create (printing the link once: only its digest is kept), list, revoke, stats.
 * A link's password is asked on the terminal without echo (or read with --password-stdin), never taken as an
 * argument.
 */
import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError, validationFailed } from '../domain/errors.ts';
import type { ShareLink } from '../domain/share-link.ts';
import type { ShareLinkService } from '../services/share-link.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { nextPageHint, table } from './output.ts';
import { askHidden, readPasswordFromStdin, type Input } from './password-input.ts';

export interface ShareCliServices {
  ctx: RequestContext;
  shareLinks: ShareLinkService;
  config: Readonly<Config>;
}

/** The address people reach the server at: PROVENA_PUBLIC_URL, or the configured host and port. */
export function publicBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

const presentLink = ({ owner, ...link }: ShareLink) => ({ ...link, owner: owner.label });

const subjectOf = (link: ShareLink) =>
  link.scope.kind === 'asset' ? `asset ${link.scope.assetId}` : `collection ${link.scope.collectionId}`;

const stateOf = (link: ShareLink, now = Date.now()) =>
  link.revokedAt ? 'revoked' : Date.parse(link.expiresAt) <= now ? 'expired' : 'live';

async function linkPassword(fromStdin: boolean, input: Input, output: NodeJS.WritableStream): Promise<string> {
  if (fromStdin) return readPasswordFromStdin(input);
  const first = await askHidden('Password for the link (at least 8 characters): ', input, output);
  const second = await askHidden('Again, to be sure: ', input, output);
  if (first !== second) throw new ProvenaError('VALIDATION_FAILED', 'The two passwords differ: no link was made.');
  return first;
}

export function addShareCommands<S extends ShareCliServices>(
  program: Command,
  withServices: WithServices<S>,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream; stdin: Input },
): void {
  const { out, err, stdin } = io;
  const share = program
    .command('share')
    .description('Share links: expiring, revocable public URLs to an asset or a collection, checked at every hit');

  const create = share
    .command('create')
    .description('Make a share link to an asset (or --collection) and print it: it is shown this once')
    .argument('[asset]', 'the asset id')
    .option('--collection <collection>', 'share a collection instead (its id, or the name of one of yours)')
    .requiredOption('--expires <when>', 'a duration (30m, 12h, 7d, 2w) or an ISO-8601 date and time')
    .requiredOption('--channel <channel>', 'the channel the files may be used on (web, social, print, …)')
    .option('--region <code>', 'the ISO 3166-1 country code of where they may be used')
    .option('--preset <name>', 'the rendition preset the files are made with (default: the original)')
    .option('--password', 'protect it with a password, asked on the terminal')
    .option('--password-stdin', 'protect it with a password read from standard input')
    .option('--watermark [text]', 'draw a visible watermark on every downloaded image (default text if none given)')
    .option('--json', 'print JSON: {link, token, url}');
  create.action(
    withServices(create, async (services) => {
      const o = create.opts<{
        collection?: string;
        expires: string;
        channel: string;
        region?: string;
        preset?: string;
        password?: boolean;
        passwordStdin?: boolean;
        watermark?: string | boolean;
        json?: boolean;
      }>();
      const asset = create.args[0];
      if ((asset === undefined) === (o.collection === undefined))
        throw validationFailed([{ field: 'asset', problem: 'give an asset id or --collection, one of them' }]);
      const password =
        o.password || o.passwordStdin ? await linkPassword(o.passwordStdin === true, stdin, err) : undefined;
      const made = await services.shareLinks.create(services.ctx, {
        ...(asset !== undefined ? { assetId: asset } : {}),
        ...(o.collection !== undefined ? { collection: o.collection } : {}),
        expires: o.expires,
        channel: o.channel,
        ...(o.region !== undefined ? { region: o.region } : {}),
        ...(o.preset !== undefined ? { preset: o.preset } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(o.watermark !== undefined ? { watermark: o.watermark } : {}),
      });
      const url = `${publicBase(services.config)}${made.path}`;
      if (o.json)
        return void out.write(`${JSON.stringify({ link: presentLink(made.link), token: made.token, url })}\n`);
      out.write(
        `${url}\n` +
          `share link ${made.link.id} to ${subjectOf(made.link)} for ${made.link.channel}` +
          `${made.link.region ? ` in ${made.link.region}` : ''}, until ${made.link.expiresAt}` +
          `${made.link.passwordProtected ? ', with a password' : ''}` +
          '\nThe link is shown this once: only its digest is kept.\n',
      );
    }),
  );

  const list = share
    .command('list')
    .description('Your share links, newest first (--team: those of the teams where you hold share:manage)')
    .option('--team', 'every link of your teams, not only yours')
    .option('--all', 'revoked links too')
    .option('--limit <n>', 'at most this many (1–200)')
    .option('--cursor <cursor>', 'the next page, as a previous listing printed it')
    .option('--json');
  list.action(
    withServices(
      list,
      () => {
        const o = list.opts<{ limit?: string; cursor?: string }>();
        return {
          ...(o.limit !== undefined ? { limit: wholeNumberOption('--limit', o.limit, 200) } : {}),
          ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
        };
      },
      async (services, page) => {
        const o = list.opts<{ team?: boolean; all?: boolean; limit?: string; json?: boolean }>();
        const found = await services.shareLinks.list(services.ctx, {
          ...page,
          scope: o.team ? 'team' : 'mine',
          includeRevoked: o.all === true,
        });
        if (o.json) return void out.write(`${JSON.stringify({ ...found, items: found.items.map(presentLink) })}\n`);
        out.write(
          found.items.length === 0
            ? 'no share links\n'
            : `${table(
                [
                  ['ID', 'SHARES', 'CHANNEL', 'STATE', 'EXPIRES', 'HITS', 'OWNER'],
                  ...found.items.map((l) => [
                    l.id,
                    subjectOf(l),
                    `${l.channel}${l.region ? `/${l.region}` : ''}`,
                    stateOf(l),
                    l.expiresAt,
                    String(l.hitCount),
                    l.owner.label,
                  ]),
                ],
                [36, 47, 12, 7, 24, 6, 20],
              )}\n`,
        );
        if (found.nextCursor) out.write(`${nextPageHint('share list', [['--limit', o.limit]], found.nextCursor)}\n`);
      },
    ),
  );

  const revoke = share
    .command('revoke')
    .description('Revoke a share link: refused from the next request on')
    .argument('<id>', 'the link id (share list shows it)')
    .option('--json');
  revoke.action(
    withServices(revoke, async (services) => {
      const link = await services.shareLinks.revoke(services.ctx, revoke.args[0]!);
      out.write(
        revoke.opts<{ json?: boolean }>().json
          ? `${JSON.stringify(presentLink(link))}\n`
          : `share link ${link.id} revoked at ${link.revokedAt} by ${link.revokedBy}\n`,
      );
    }),
  );

  const stats = share
    .command('stats')
    .description('The hits of a share link: per outcome, downloads, bytes, per asset')
    .argument('<id>', 'the link id')
    .option('--json');
  stats.action(
    withServices(stats, async (services) => {
      const found = await services.shareLinks.stats(services.ctx, stats.args[0]!);
      if (stats.opts<{ json?: boolean }>().json) return void out.write(`${JSON.stringify(found)}\n`);
      const outcomes = Object.entries(found.byOutcome)
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(', ');
      out.write(
        `share link ${found.linkId}: ${found.hits} hit${found.hits === 1 ? '' : 's'}${outcomes ? ` (${outcomes})` : ''}, ` +
          `${found.downloads} download${found.downloads === 1 ? '' : 's'}, ${found.bytes} bytes` +
          `${found.lastHitAt ? `, last ${found.lastHitAt}` : ''}\n`,
      );
      if (found.byAsset.length > 0)
        out.write(
          `${table(
            [
              ['ASSET', 'DOWNLOADS', 'BYTES'],
              ...found.byAsset.map((a) => [a.assetId, String(a.downloads), String(a.bytes)]),
            ],
            [36, 9, 14],
          )}\n`,
        );
    }),
  );
}
