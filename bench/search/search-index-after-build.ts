/**
 * `npm run bench:search:library -- --after-build bench/search/search-index-after-build.ts`: fills the search index
 * from the library just written (decision 0029). The library's writes are fastest with the index's triggers
 * suspended (suspendSearchTriggers before the build, which the builder does); this resumes them, then recomputes
 * every document, printing progress.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { rebuildSearchIndex, resumeSearchTriggers } from '../../src/storage/search/search-index.ts';

export default async function fillSearchIndex(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  await resumeSearchTriggers(db, dialect);
  const started = performance.now();
  const { documents } = await rebuildSearchIndex(db, dialect, {
    batchSize: 5000,
    onProgress: ({ done, total }) => {
      if (done % 100_000 !== 0 && done !== total) return;
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `  search index: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} documents, ${seconds.toFixed(1)} s\n`,
      );
    },
  });
  process.stderr.write(`  search index: ${documents.toLocaleString('en')} documents\n`);
}
