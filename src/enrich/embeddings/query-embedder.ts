/**
 * The configured embedder as search uses it (domain/similar-search.ts QueryEmbedder): a query image decoded by the
 * enrichment decoder — format allow-list and pixel limit checked from the header before any pixel is decoded — and
 * embedded by the same model that made the stored vectors; query words embedded by CLIP's text tower.
 *
 * Made without loading the weights: the model's name (which stored vectors to compare with) is known at once, and
 * "more like this" never needs the weights. They load on the first query image or words. A process that enriches
 * too (the server's embedded worker) lends its loaded embedder of the same model rather than loading a second copy.
 */
import type { Embedder } from '../../domain/enrichment.ts';
import type { QueryEmbedder } from '../../domain/similar-search.ts';
import { decodeImage } from '../decode/index.ts';
import { ClipEmbedder } from './clip.ts';
import { MobileNetThread } from './mobilenet-thread.ts';

export interface QueryEmbedderConfig {
  embedder: 'mobilenet' | 'clip' | 'none';
  clipModelDir?: string;
  mobilenetModelDir?: string;
  /** The decompression-bomb guard of intake and enrichment. */
  maxPixels: number;
  /** The embedder enrichment loaded in this process, if it did: used when it is of the same model. */
  loaded?: () => Embedder | undefined;
}

export interface DisposableQueryEmbedder extends QueryEmbedder {
  dispose(): Promise<void>;
}

/** undefined when no embedder is configured ('none'): similar and semantic search are then unavailable. */
export function createQueryEmbedder(config: QueryEmbedderConfig): DisposableQueryEmbedder | undefined {
  const own =
    config.embedder === 'mobilenet'
      ? new MobileNetThread(config.mobilenetModelDir ? { modelDir: config.mobilenetModelDir } : {})
      : config.embedder === 'clip' && config.clipModelDir
        ? new ClipEmbedder({ modelDir: config.clipModelDir })
        : undefined;
  if (!own) return undefined;
  let ready: Promise<Embedder> | undefined;
  let initialised = false;
  const embedder = (): Promise<Embedder> => {
    const lent = config.loaded?.();
    if (lent && lent.model === own.model) return Promise.resolve(lent);
    // A failed load is not kept: the next query tries again.
    ready ??= own.init().then(
      () => ((initialised = true), own),
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return ready;
  };
  return {
    model: own.model,
    embedsText: typeof (own as Partial<Pick<Embedder, 'embedText'>>).embedText === 'function',
    async embedImageFile(file) {
      // The bytes when the upload kept them in memory, the staged file otherwise: read once either way.
      const { image } = await decodeImage(file.bytes ?? file.path, { limitInputPixels: config.maxPixels });
      return (await embedder()).embedImage(image);
    },
    async embedText(text) {
      const loaded = await embedder();
      if (!loaded.embedText) throw new Error(`the embedder ${loaded.model} has no text encoder`);
      return loaded.embedText(text);
    },
    async dispose() {
      if (initialised) await own.dispose();
    },
  };
}
