/**
 * `provena collection …`: collections — create, list, show (with its members in order), add, remove, move, rename,
 * share, delete — and the saved-search subcommands `save <name> "<query>"` and `saved [--json]`, which
 * addSavedSearchCommands attaches to the `search` command. A collection or saved search is named by its id, or by
 * its name among the caller's own.
 */
import type { Command } from 'commander';
import type { RequestContext } from '../domain/access.ts';
import type { CollectionSummary, MemberPlacement, SavedSearch } from '../domain/collection.ts';
import { validationFailed } from '../domain/errors.ts';
import type { CollectionService } from '../services/collection.service.ts';
import type { SavedSearchService } from '../services/saved-search.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { nextPageHint, table } from './output.ts';

export interface CollectionCliServices {
  ctx: RequestContext;
  collections: CollectionService;
  savedSearches: SavedSearchService;
}

const pageFlags = (o: { limit?: string; cursor?: string }) => ({
  ...(o.limit !== undefined ? { limit: wholeNumberOption('--limit', o.limit, 200) } : {}),
  ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
});

/** --before, --after or --position, exactly one (or none, where the end is meant). */
function placementOf(o: { before?: string; after?: string; position?: string }): MemberPlacement | undefined {
  const given = [o.before, o.after, o.position].filter((v) => v !== undefined).length;
  if (given > 1)
    throw validationFailed([{ field: '--before/--after/--position', problem: 'give one of them, not several' }]);
  if (o.before !== undefined) return { before: o.before };
  if (o.after !== undefined) return { after: o.after };
  if (o.position !== undefined) return { position: wholeNumberOption('--position', o.position, 10_000) };
  return undefined;
}

const describeCollection = (c: CollectionSummary) =>
  `${c.name} (${c.id}): ${c.memberCount} member${c.memberCount === 1 ? '' : 's'}, ${c.visibility === 'team' ? `shared with ${c.team.name}` : `private, in ${c.team.name}`}, kept by ${c.owner.label}`;

const presentCollection = ({ owner, ...c }: CollectionSummary) => ({ ...c, owner: owner.label });
const presentSavedSearch = ({ owner, ...s }: SavedSearch) => ({ ...s, owner: owner.label });

export function addCollectionCommands<S extends CollectionCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const collection = program
    .command('collection')
    .description('Collections: named, ordered sets of assets kept in a team, private or shared with it');

  const create = collection
    .command('create')
    .description('Create a collection (in your only team, or the one --team names)')
    .argument('<name>', 'its name, unique among yours')
    .option('--description <text>', 'what it is for')
    .option('--team <team>', 'the team it is kept in (id, slug or name)')
    .option('--share', 'share it with the team (default: private)')
    .option('--json');
  create.action(
    withServices(create, async (services) => {
      const o = create.opts<{ description?: string; team?: string; share?: boolean; json?: boolean }>();
      const made = await services.collections.create(services.ctx, {
        name: create.args[0],
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(o.team !== undefined ? { team: o.team } : {}),
        visibility: o.share ? 'team' : 'private',
      });
      out.write(o.json ? `${JSON.stringify(presentCollection(made))}\n` : `created ${describeCollection(made)}\n`);
    }),
  );

  const list = collection
    .command('list')
    .description('Your collections and those shared with your teams, newest first')
    .option('--limit <n>', 'at most this many (1–200)')
    .option('--cursor <cursor>', 'the next page, as a previous listing printed it')
    .option('--json');
  list.action(
    withServices(
      list,
      () => pageFlags(list.opts<{ limit?: string; cursor?: string }>()),
      async (services, page) => {
        const o = list.opts<{ limit?: string; json?: boolean }>();
        const found = await services.collections.list(services.ctx, page);
        if (o.json)
          return void out.write(`${JSON.stringify({ ...found, items: found.items.map(presentCollection) })}\n`);
        out.write(
          found.items.length === 0
            ? 'no collections\n'
            : `${table(
                [
                  ['ID', 'NAME', 'MEMBERS', 'SHARED', 'TEAM', 'OWNER'],
                  ...found.items.map((c) => [
                    c.id,
                    c.name,
                    String(c.memberCount),
                    c.visibility === 'team' ? 'team' : 'private',
                    c.team.name,
                    c.owner.label,
                  ]),
                ],
                [36, 30, 7, 7, 20, 24],
              )}\n`,
        );
        if (found.nextCursor)
          out.write(`${nextPageHint('collection list', [['--limit', o.limit]], found.nextCursor)}\n`);
      },
    ),
  );

  const show = collection
    .command('show')
    .description('A collection and its members in order (those you may see)')
    .argument('<collection>', 'its id, or the name of one of yours')
    .option('--limit <n>', 'at most this many members (1–200)')
    .option('--cursor <cursor>', 'the next page of members, as a previous listing printed it')
    .option('--json');
  show.action(
    withServices(
      show,
      () => pageFlags(show.opts<{ limit?: string; cursor?: string }>()),
      async (services, page) => {
        const o = show.opts<{ limit?: string; json?: boolean }>();
        const ref = show.args[0]!;
        const found = await services.collections.get(services.ctx, ref);
        const members = await services.collections.members(services.ctx, found.id, page);
        if (o.json) return void out.write(`${JSON.stringify({ collection: presentCollection(found), members })}\n`);
        out.write(`${describeCollection(found)}\n${found.description ? `${found.description}\n` : ''}`);
        if (members.items.length > 0)
          out.write(
            `${table(
              [
                ['ASSET', 'TITLE', 'STATUS', 'ADDED BY'],
                ...members.items.map((m) => [m.assetId, m.title, m.status, m.addedBy]),
              ],
              [36, 34, 18, 24],
            )}\n`,
          );
        if (members.nextCursor)
          out.write(`${nextPageHint(`collection show ${ref}`, [['--limit', o.limit]], members.nextCursor)}\n`);
      },
    ),
  );

  const placementOptions = (command: Command) =>
    command
      .option('--before <asset>', 'before this member')
      .option('--after <asset>', 'after this member')
      .option('--position <n>', 'at this place (1 is first) among the members you see');

  const add = placementOptions(
    collection
      .command('add')
      .description('Add assets (at the end unless placed); all or none, members already in stay where they are')
      .argument('<collection>', 'its id, or the name of one of yours')
      .argument('<assets...>', 'asset ids'),
  ).option('--json');
  add.action(
    withServices(
      add,
      () => placementOf(add.opts()),
      async (services, placement) => {
        const [ref, ...assetIds] = add.args as [string, ...string[]];
        const result = await services.collections.addMembers(services.ctx, ref, assetIds, placement);
        if (add.opts<{ json?: boolean }>().json)
          return void out.write(`${JSON.stringify({ ...result, collection: presentCollection(result.collection) })}\n`);
        out.write(
          `added ${result.added.length} to ${result.collection.name}` +
            (result.alreadyPresent.length > 0 ? ` (${result.alreadyPresent.length} already in)` : '') +
            `: ${result.collection.memberCount} members\n`,
        );
      },
    ),
  );

  const remove = collection
    .command('remove')
    .description('Take an asset out of a collection')
    .argument('<collection>', 'its id, or the name of one of yours')
    .argument('<asset>', 'the asset id');
  remove.action(
    withServices(remove, async (services) => {
      const [ref, assetId] = remove.args as [string, string];
      const { removed } = await services.collections.removeMember(services.ctx, ref, assetId);
      out.write(removed ? `removed ${assetId}\n` : `${assetId} was not in the collection\n`);
    }),
  );

  const move = placementOptions(
    collection
      .command('move')
      .description('Move a member: --before or --after another, or to --position')
      .argument('<collection>', 'its id, or the name of one of yours')
      .argument('<asset>', 'the member to move'),
  );
  move.action(
    withServices(
      move,
      () => {
        const placement = placementOf(move.opts());
        if (!placement)
          throw validationFailed([{ field: '--before/--after/--position', problem: 'say where it goes' }]);
        return placement;
      },
      async (services, placement) => {
        const [ref, assetId] = move.args as [string, string];
        const moved = await services.collections.move(services.ctx, ref, assetId, placement);
        out.write(`moved ${assetId} in ${moved.name}\n`);
      },
    ),
  );

  const rename = collection
    .command('rename')
    .description('Rename a collection, or change its description')
    .argument('<collection>', 'its id, or the name of one of yours')
    .argument('[name]', 'the new name')
    .option('--description <text>', 'the new description (empty: none)');
  rename.action(
    withServices(rename, async (services) => {
      const [ref, name] = rename.args as [string, string | undefined];
      const o = rename.opts<{ description?: string }>();
      const changed = await services.collections.update(services.ctx, ref, {
        ...(name !== undefined ? { name } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
      });
      out.write(`${describeCollection(changed)}\n`);
    }),
  );

  const share = collection
    .command('share')
    .description('Share a collection with its team, or make it private again (--private)')
    .argument('<collection>', 'its id, or the name of one of yours')
    .option('--private', 'stop sharing it');
  share.action(
    withServices(share, async (services) => {
      const changed = await services.collections.update(services.ctx, share.args[0]!, {
        visibility: share.opts<{ private?: boolean }>().private ? 'private' : 'team',
      });
      out.write(`${describeCollection(changed)}\n`);
    }),
  );

  const remove_ = collection
    .command('delete')
    .description('Delete a collection (the assets stay)')
    .argument('<collection>', 'its id, or the name of one of yours');
  remove_.action(
    withServices(remove_, async (services) => {
      const found = await services.collections.get(services.ctx, remove_.args[0]!);
      await services.collections.delete(services.ctx, found.id);
      out.write(`deleted collection ${found.name} (${found.id})\n`);
    }),
  );
}

/**
 * `save <name> "<query>"` and `saved [--json]` under the `search` command (src/cli/search.commands.ts makes it):
 * call with that command.
 */
export function addSavedSearchCommands<S extends CollectionCliServices>(
  search: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
): void {
  const save = search
    .command('save')
    .description('Save a search query under a name (in your only team, or the one --team names)')
    .argument('<name>', 'its name, unique among yours')
    .argument('<query>', 'the query text (docs/search.md)')
    .option('--team <team>', 'the team it is kept in (id, slug or name)')
    .option('--share', 'share it with the team (default: private)')
    .option('--json');
  save.action(
    withServices(save, async (services) => {
      const [name, query] = save.args as [string, string];
      const o = save.opts<{ team?: string; share?: boolean; json?: boolean }>();
      const saved = await services.savedSearches.create(services.ctx, {
        name,
        query,
        ...(o.team !== undefined ? { team: o.team } : {}),
        visibility: o.share ? 'team' : 'private',
      });
      out.write(
        o.json
          ? `${JSON.stringify(presentSavedSearch(saved))}\n`
          : `saved "${saved.name}" (${saved.id}): ${saved.query}\n`,
      );
    }),
  );

  const saved = search
    .command('list')
    .description('Your saved searches and those shared with your teams, newest first')
    .option('--limit <n>', 'at most this many (1–200)')
    .option('--cursor <cursor>', 'the next page, as a previous listing printed it')
    .option('--json');
  saved.action(
    withServices(
      saved,
      () => pageFlags(saved.opts<{ limit?: string; cursor?: string }>()),
      async (services, page) => {
        const o = saved.opts<{ limit?: string; json?: boolean }>();
        const found = await services.savedSearches.list(services.ctx, page);
        if (o.json)
          return void out.write(`${JSON.stringify({ ...found, items: found.items.map(presentSavedSearch) })}\n`);
        out.write(
          found.items.length === 0
            ? 'no saved searches\n'
            : `${table(
                [
                  ['NAME', 'QUERY', 'SHARED', 'TEAM', 'OWNER'],
                  ...found.items.map((s) => [s.name, s.query, s.visibility, s.team.name, s.owner.label]),
                ],
                [24, 50, 7, 20, 24],
              )}\n`,
        );
        if (found.nextCursor)
          out.write(`${nextPageHint('saved-search list', [['--limit', o.limit]], found.nextCursor)}\n`);
      },
    ),
  );
}
