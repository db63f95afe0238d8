/**
 * @vladmandic/human (blazeface + facemesh for faces, CenterNet for COCO objects) on the TensorFlow.js WebAssembly
 * back end, strictly offline. Every default of the package points at a CDN (the .wasm files, the model URLs), and
 * tfjs-core has no file:// loader without tfjs-node, so this module sets each path to the installed packages and
 * registers a load router that reads model.json and its weight shards from disk. Nothing here touches the network; vision.test.ts proves it with throwing recorders in place of
 * fetch, http, https and net.
 *
 * The package's subpath exports are malformed and its plain import loads the tfjs-node build, so the WASM build
 * (dist/human.node-wasm.js) is loaded by path through createRequire. It requires @tensorflow/tfjs-core, -converter
 * and -backend-wasm from node_modules: the same tfjs-core the MobileNet embedder uses. One engine, two owners that each
 * set back ends and flags, would be fragile; the detector therefore runs in its own worker thread by default
 * (vision-thread.ts), where it has a tfjs engine of its own.
 */
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Box, DetailImage, DetectedFace, DetectedObject, PeopleAndObjects } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { Producer } from '../../domain/enrichment.ts';

const require = createRequire(import.meta.url);

/** The part of tfjs the detector uses, as Human exposes it (human.tf). */
interface TfTensor {
  readonly shape: number[];
}
interface Tf {
  tensor3d(values: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): TfTensor;
  dispose(tensors: TfTensor | TfTensor[]): void;
  memory(): { numTensors: number };
  getBackend(): string;
  version_core: string;
  io: {
    registerLoadRouter(router: (url: string | string[]) => { load(): Promise<unknown> } | null): void;
  };
}

/** What Human returns for a face and an object (types/human.d.ts: FaceResult, ObjectResult), the fields used here. */
interface HumanFace {
  box: [number, number, number, number];
  /** blazeface's detection score. */
  boxScore: number;
  /** The mesh model's confidence that the crop is a face: the "mesh check". */
  faceScore: number;
}
interface HumanObject {
  label: string;
  score: number;
  box: [number, number, number, number];
}
interface HumanResult {
  face: HumanFace[];
  object: HumanObject[];
  error?: string | null;
}
interface Human {
  readonly version: string;
  readonly tf: Tf;
  load(): Promise<void>;
  detect(input: TfTensor): Promise<HumanResult>;
  models: { models: Record<string, unknown> };
}

/** What counts: thresholds and limits of the detector. The defaults were tuned on bench/brand/vision.bench.ts. */
export interface DetectionSettings {
  /**
   * A face is reported when blazeface scores its box at least this (default 0.5). Blazeface alone "finds" faces on
   * cats and rocket plumes at 0.3–0.8; together with the mesh check below, 0.5 leaves none on the distractors.
   */
  minFaceBoxScore: number;
  /** …and facemesh, run on the crop, is at least this sure it is a face (default 0.5). */
  minFaceMeshScore: number;
  /**
   * Objects scoring below this are not reported (default 0.35). CenterNet's scores are low and rough: the astronaut's
   * person scores 0.6, the coffee cup 0.45, while below ~0.3 it lists bananas on coins and clocks in skies.
   */
  minObjectScore: number;
  /** A 'person' object at least this sure means people are depicted even where no face is visible (default 0.5). */
  minPersonScore: number;
  /** At most this many faces (default 20) and objects (default 20), best first. */
  maxFaces: number;
  maxObjects: number;
  /**
   * A larger picture is scaled down to this long edge before detection (default 1024): the models work at 256
   * (blazeface) and 512 (CenterNet) anyway, and the input tensor of a 4096² picture alone would be 200 MB.
   */
  maxInputEdge: number;
}

export const defaultDetectionSettings: DetectionSettings = Object.freeze({
  minFaceBoxScore: 0.5,
  minFaceMeshScore: 0.5,
  minObjectScore: 0.35,
  minPersonScore: 0.5,
  maxFaces: 20,
  maxObjects: 20,
  maxInputEdge: 1024,
});

const humanDirectory = (): string => path.dirname(require.resolve('@vladmandic/human'));
const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

/** The installed Human's version plus the tfjs back end it runs on: a change of either may change results. */
export function modelVersion(): string {
  const humanPackage = path.join(humanDirectory(), '..', 'package.json');
  const human = (JSON.parse(readFileSync(humanPackage, 'utf8')) as { version: string }).version;
  return `${human}+tfjs-wasm-${packageVersion('@tensorflow/tfjs-backend-wasm')}`;
}

/** Who produced faces and objects (recorded with each fact so that a model change can re-run them). */
export function visionProducers(): { faces: Producer; objects: Producer } {
  const version = modelVersion();
  return {
    faces: { enricher: 'faces', model: 'human-blazeface+facemesh', modelVersion: version },
    objects: { enricher: 'objects', model: 'human-centernet-coco', modelVersion: version },
  };
}

/** Reads a tfjs graph model (model.json + weight shards) from a file:// URL: the loader tfjs-core lacks in Node. */
async function loadModelFile(url: string): Promise<unknown> {
  const file = fileURLToPath(url);
  const modelJson = JSON.parse(await readFile(file, 'utf8')) as {
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  };
  const shards = await Promise.all(
    modelJson.weightsManifest.flatMap((group) =>
      group.paths.map((shard) => readFile(path.join(path.dirname(file), shard))),
    ),
  );
  const weights = Buffer.concat(shards);
  return {
    ...modelJson,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  };
}

/** A loaded Human with the three models this detector uses, and nothing else. */
export async function loadHuman(settings: DetectionSettings): Promise<Human> {
  const dist = humanDirectory();
  const wasmDirectory = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  let human: Human;
  // Plain EventEmitter typing: process's overloads do not take a union of event names.
  const events: EventEmitter = process;
  const processEvents = ['uncaughtException', 'unhandledRejection'];
  const listenersBefore = processEvents.map((event) => new Set(events.listeners(event)));
  try {
    const { Human: HumanClass } = require(path.join(dist, 'human.node-wasm.js')) as {
      Human: new (config: object) => Human;
    };
    human = new HumanClass({
      backend: 'wasm',
      wasmPath: wasmDirectory + path.sep,
      modelBasePath: pathToFileURL(path.join(dist, '..', 'models') + path.sep).href,
      debug: false,
      // No model cache (IndexedDB, absent in Node) and no frame-to-frame result reuse: every picture is new.
      cacheModels: false,
      cacheSensitivity: 0,
      warmup: 'none',
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: {
          rotation: false,
          maxDetected: settings.maxFaces,
          // Human drops a face whose box or mesh scores under this; the two thresholds are applied in detectWith.
          // Never 0: Human reads 0 as "unset" and then requires a mesh score of 1, dropping every face.
          minConfidence: Math.max(0.01, Math.min(settings.minFaceBoxScore, settings.minFaceMeshScore)),
          skipFrames: 0,
          skipTime: 0,
        },
        mesh: { enabled: true },
        iris: { enabled: false },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      object: {
        enabled: true,
        modelPath: 'centernet.json',
        maxDetected: settings.maxObjects,
        minConfidence: settings.minObjectScore,
        skipFrames: 0,
        skipTime: 0,
      },
      body: { enabled: false },
      hand: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    human.tf.io.registerLoadRouter((url) =>
      typeof url === 'string' && url.startsWith('file://') ? { load: () => loadModelFile(url) } : null,
    );
    await human.load();
  } catch (cause) {
    throw new ProvenaError(
      'CONFIG_INVALID',
      `The face and object models (@vladmandic/human in ${dist}) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
      { directory: dist },
      { cause },
    );
  } finally {
    // The wasm back end's Emscripten glue adds process listeners that rethrow every uncaught exception and unhandled
    // rejection, which turns any stray rejection anywhere in the thread into a crash (its own clean-up of them
    // is broken). The thread's owner decides what is fatal: they go.
    processEvents.forEach((event, i) => {
      for (const listener of events.listeners(event))
        if (!listenersBefore[i]!.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
    });
  }
  const loaded = ['blazeface', 'facemesh', 'centernet'].filter((name) => human.models.models[name]);
  if (human.tf.getBackend() !== 'wasm' || loaded.length !== 3) {
    throw new ProvenaError(
      'CONFIG_INVALID',
      `The face and object models did not load completely: back end ${human.tf.getBackend()}, models ${loaded.join(', ') || 'none'} (blazeface, facemesh and centernet needed).`,
      { directory: dist },
    );
  }
  return human;
}

/** Checked before any work: a malformed picture is the caller's bug, reported as such rather than a tfjs error. */
export function assertDetailImage(image: DetailImage): void {
  const { width, height, rgb, originalWidth, originalHeight } = image ?? ({} as DetailImage);
  const positive = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
  if (
    !positive(width) ||
    !positive(height) ||
    !positive(originalWidth) ||
    !positive(originalHeight) ||
    image.channels !== 3 ||
    !(rgb instanceof Uint8Array) ||
    rgb.length !== width * height * 3
  ) {
    throw new ProvenaError('INTERNAL', 'The picture handed to the face and object detector is malformed.', {
      width: width ?? null,
      height: height ?? null,
      channels: image?.channels ?? null,
      bytes: rgb instanceof Uint8Array ? rgb.length : null,
      expectedBytes: positive(width) && positive(height) ? width * height * 3 : null,
    });
  }
}

/** The smallest side Human's pipelines accept without degenerate crops; smaller pictures hold no detectable face. */
const minimumSide = 16;

/** Faces and objects in `image`, boxes in the original picture's pixels. Every tensor made here is disposed. */
export async function detectWith(
  human: Human,
  image: DetailImage,
  settings: DetectionSettings,
): Promise<PeopleAndObjects> {
  assertDetailImage(image);
  const { tf } = human;
  const longEdge = Math.max(image.width, image.height);
  const shrink = Math.min(1, settings.maxInputEdge / longEdge);
  const inputWidth = Math.max(1, Math.round(image.width * shrink));
  const inputHeight = Math.max(1, Math.round(image.height * shrink));
  if (Math.min(inputWidth, inputHeight) < minimumSide) return { faces: [], objects: [], containsPeople: false };
  // Shrunk before it becomes a tensor: an int32 tensor of the full picture would take 12 bytes a pixel.
  const pixels = shrink === 1 ? image.rgb : boxShrink(image.rgb, image.width, image.height, inputWidth, inputHeight);
  const input = tf.tensor3d(pixels, [inputHeight, inputWidth, 3], 'int32');
  let result: HumanResult;
  try {
    result = await human.detect(input);
  } finally {
    tf.dispose(input);
  }
  if (result.error) throw new ProvenaError('JOB_FAILED', `Face and object detection failed: ${result.error}`);

  const toOriginal = boxMapper(inputWidth, inputHeight, image.originalWidth, image.originalHeight);
  const faces: DetectedFace[] = result.face
    .filter((face) => face.boxScore >= settings.minFaceBoxScore && face.faceScore >= settings.minFaceMeshScore)
    .map((face) => ({ box: toOriginal(face.box), score: round(face.faceScore) }))
    .filter((face) => face.box.width > 0 && face.box.height > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, settings.maxFaces);
  const objects: DetectedObject[] = result.object
    .filter((object) => object.score >= settings.minObjectScore)
    .map((object) => ({ label: object.label, score: round(object.score), box: toOriginal(object.box) }))
    .filter((object) => object.box.width > 0 && object.box.height > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, settings.maxObjects);
  const containsPeople =
    faces.length > 0 || objects.some((object) => object.label === 'person' && object.score >= settings.minPersonScore);
  return { faces, objects, containsPeople };
}

/** RGB scaled down by averaging every source pixel whose top-left corner falls in a target pixel (no aliasing). */
export function boxShrink(
  rgb: Uint8Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): Uint8Array {
  const sums = new Float64Array(toWidth * toHeight * 3);
  const counts = new Uint32Array(toWidth * toHeight);
  const column = Uint32Array.from({ length: width }, (_, x) =>
    Math.min(toWidth - 1, Math.floor((x * toWidth) / width)),
  );
  for (let y = 0; y < height; y++) {
    const row = Math.min(toHeight - 1, Math.floor((y * toHeight) / height)) * toWidth;
    for (let x = 0; x < width; x++) {
      const target = row + column[x]!;
      const source = (y * width + x) * 3;
      sums[target * 3] = sums[target * 3]! + rgb[source]!;
      sums[target * 3 + 1] = sums[target * 3 + 1]! + rgb[source + 1]!;
      sums[target * 3 + 2] = sums[target * 3 + 2]! + rgb[source + 2]!;
      counts[target] = counts[target]! + 1;
    }
  }
  const out = new Uint8Array(toWidth * toHeight * 3);
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] || 1;
    out[i * 3] = Math.round(sums[i * 3]! / n);
    out[i * 3 + 1] = Math.round(sums[i * 3 + 1]! / n);
    out[i * 3 + 2] = Math.round(sums[i * 3 + 2]! / n);
  }
  return out;
}

const round = (score: number): number => Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;

/** Input-pixel [x, y, w, h] → a Box in original pixels, clipped to the picture (models overshoot edges slightly). */
function boxMapper(
  inputWidth: number,
  inputHeight: number,
  originalWidth: number,
  originalHeight: number,
): (box: [number, number, number, number]) => Box {
  const sx = originalWidth / inputWidth;
  const sy = originalHeight / inputHeight;
  return ([x, y, w, h]) => {
    const left = Math.max(0, Math.round(x * sx));
    const top = Math.max(0, Math.round(y * sy));
    const right = Math.min(originalWidth, Math.round((x + w) * sx));
    const bottom = Math.min(originalHeight, Math.round((y + h) * sy));
    return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
  };
}

/** Settings from caller options: each a number in its range, else a clear CONFIG_INVALID naming the field. */
export function detectionSettings(options: Partial<DetectionSettings> = {}): DetectionSettings {
  const settings = { ...defaultDetectionSettings, ...options };
  const check = (field: keyof DetectionSettings, ok: (n: number) => boolean, range: string): void => {
    const value = settings[field];
    if (typeof value !== 'number' || !ok(value)) {
      throw new ProvenaError('CONFIG_INVALID', `The face and object detector's ${field} must be ${range}.`, {
        field,
        value: value ?? null,
      });
    }
  };
  for (const field of ['minFaceBoxScore', 'minFaceMeshScore', 'minObjectScore', 'minPersonScore'] as const)
    check(field, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  for (const field of ['maxFaces', 'maxObjects'] as const)
    check(field, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'an integer from 1 to 100');
  check('maxInputEdge', (n) => Number.isInteger(n) && n >= 64 && n <= 8192, 'an integer from 64 to 8192');
  return Object.freeze(settings);
}
