/**
 * `provena search "<query>"` (the query language of docs/search.md over the assets of the caller's teams),
 * `provena search rebuild` (recompute the index), and `provena saved-search save|list` (collection.commands.ts).
 */
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';
import { searchFacets } from '../domain/search.ts';
import { maxSearchPageSize, type SearchPage, type SearchService } from '../services/search.service.ts';
import type { SimilarSearch } from '../services/similar-search.ts';
import { addSavedSearchCommands, type CollectionCliServices } from './collection.commands.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { nextPageHint, table } from './output.ts';

export interface SearchCliServices extends CollectionCliServices {
  ctx: RequestContext;
  search: SearchService;
  similarSearch: SimilarSearch;
}

export function addSearchCommands<S extends SearchCliServices>(
  program: Command,
  withServices: WithServices<S>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): void {
  const search = program
    .command('search')
    .description('Search assets: words, "phrases", prefix*, -exclusions, OR, and field:value filters (docs/search.md)')
    .argument('[query]', 'e.g. \'sunset beach model:"sdxl" -tag:people status:approved created:>2026-06-01\'')
    .option('--facets [names]', `count facets over the whole match (${searchFacets.join(', ')}; default a common six)`)
    .option('--limit <n>', `page size (1–${maxSearchPageSize})`, '20')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--like <asset>', "more like this asset: its nearest by image embedding, within the query's filters")
    .option('--image <file>', "assets like this picture (nothing of it is kept), within the query's filters")
    .option('--text-only', 'rank the words by text only, with pages, even where the embedder (CLIP) could rank them')
    .option('--json', 'print one JSON object: {query, items, nextCursor, total, facets, approximate, modes}');
  search.action(
    withServices(search, async (services) => {
      const [query] = search.args as [string | undefined];
      const o = search.opts<{
        facets?: string | boolean;
        limit?: string;
        cursor?: string;
        json?: boolean;
        like?: string;
        image?: string;
        textOnly?: boolean;
      }>();
      const limit = wholeNumberOption('--limit', o.limit, maxSearchPageSize);
      if (o.image !== undefined && (o.like !== undefined || o.cursor !== undefined || o.facets !== undefined))
        throw new ProvenaError(
          'VALIDATION_FAILED',
          '--image searches by the picture alone: leave out --like, --cursor and --facets.',
          { problems: [{ field: 'image', problem: 'not with --like, --cursor or --facets' }] },
        );
      const page =
        o.image !== undefined
          ? await services.similarSearch.searchByImage(services.ctx, await queryImage(o.image), {
              q: query ?? '',
              limit,
            })
          : await services.search.search(services.ctx, {
              q: query ?? '',
              limit,
              ...(o.like !== undefined ? { like: o.like } : {}),
              ...(o.textOnly ? { semantic: false } : {}),
              ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
              ...(o.facets === undefined
                ? {}
                : {
                    facets:
                      o.facets === true
                        ? true
                        : String(o.facets)
                            .split(',')
                            .map((name) => name.trim()),
                  }),
            });
      if (o.json) {
        out.write(`${JSON.stringify(page)}\n`);
        return;
      }
      out.write(`${describePage(page)}\n`);
      if (page.nextCursor)
        out.write(
          `${nextPageHint(
            `search ${JSON.stringify(query ?? '')}`,
            [['--limit', limit === 20 ? undefined : String(limit)]],
            page.nextCursor,
          )}\n`,
        );
    }),
  );

  const rebuild = search
    .command('rebuild')
    .description('Recompute the search index from the assets (after an analyser change; needs storage:maintain)')
    .option('--retokenise', 'index every text again, not only the documents whose values differ');
  rebuild.action(
    withServices(rebuild, async (services) => {
      const o = rebuild.opts<{ retokenise?: boolean }>();
      let shown = -1;
      const { documents } = await services.search.rebuild(services.ctx, {
        retokenise: o.retokenise === true,
        onProgress: ({ done, total }) => {
          const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
          if (percent >= shown + 10 || done === total) {
            shown = percent;
            err.write(`search rebuild: ${done}/${total} assets\n`);
          }
        },
      });
      out.write(`search index rebuilt: ${documents} documents\n`);
    }),
  );

  // Their own command: `search`'s --json, --limit and --cursor would take those of subcommands under it.
  addSavedSearchCommands(
    program.command('saved-search').description('Saved searches: a name and a query, private or shared with a team'),
    withServices,
    out,
  );
}

/** The query image: read whole when small, streamed when large (the service applies the upload limit). */
async function queryImage(path: string): Promise<Uint8Array | Readable> {
  try {
    const { size } = await stat(path);
    return size <= 8 * 1024 * 1024 ? await readFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ProvenaError('VALIDATION_FAILED', `Cannot read the image ${path}: ${code}.`, {
      problems: [{ field: 'image', problem: `cannot be read (${code})` }],
    });
  }
}

function describePage(page: SearchPage): string {
  const lines = [`query: ${page.query || '(every asset)'}`];
  if (page.modes && page.modes.join() !== 'text') lines.push(`ranked by: ${page.modes.join(' + ')}`);
  if (page.exactCopy)
    lines.push(`the same file as asset ${page.exactCopy.assetId} (version ${page.exactCopy.versionNumber})`);
  const about = page.approximate ? 'about ' : '';
  if (page.total !== undefined) lines.push(`matching: ${about}${page.total}`);
  lines.push(
    page.items.length === 0
      ? 'no assets'
      : table(
          [
            ['ID', 'SCORE', 'STATUS', 'CAMPAIGN', 'TITLE'],
            ...page.items.map(({ asset, score }) => [
              asset.id,
              score.toFixed(2),
              asset.status,
              asset.campaign?.name ?? '',
              asset.title,
            ]),
          ],
          [36, 6, 11, 16, 40],
        ),
  );
  for (const [facet, counts] of Object.entries(page.facets ?? {}))
    lines.push(
      `${facet}: ${counts.map((count) => `${count.label ?? count.value} (${about}${count.count})`).join(', ') || '—'}`,
    );
  return lines.join('\n');
}
