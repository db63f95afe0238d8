import { execFileSync, spawnSync } from 'node:child_process';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import type { Box, DetailImage, PeopleAndObjectDetector, PeopleAndObjects } from '../../domain/image-content.ts';
import { describeWith, skimagePhotoDir } from '../../../test/requirements.ts';
import { createPeopleAndObjectDetector, InlinePeopleAndObjectDetector, defaultDetectionSettings } from './index.ts';
import { boxShrink } from './human-runtime.ts';
import { detailImageOf, sceneWithoutPeople, solidImage } from './test-support.ts';

/** Generous: the models load in ~0.3 s and detect in ~0.2 s alone, but the test machine is shared. */
const slow = 120_000;

const photo = (name: string): string => path.join(skimagePhotoDir ?? '', name);
const centre = (box: Box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** Every way Node code reaches the network, replaced by a recorder that throws: whatever tries is listed. */
function forbidNetwork(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  const replaced: [object, string, unknown][] = [];
  const replace = (owner: object, name: string): void => {
    replaced.push([owner, name, (owner as Record<string, unknown>)[name]]);
    (owner as Record<string, unknown>)[name] = (...args: unknown[]) => {
      attempts.push(`${name}(${String(args[0]).slice(0, 120)})`);
      throw new Error(`network access attempted: ${name}`);
    };
  };
  replace(globalThis, 'fetch');
  for (const module of [http, https]) {
    replace(module, 'request');
    replace(module, 'get');
  }
  replace(net, 'connect');
  replace(net, 'createConnection');
  replace(net.Socket.prototype, 'connect');
  replace(dns, 'lookup');
  return {
    attempts,
    restore: () => {
      for (const [owner, name, original] of replaced.reverse()) (owner as Record<string, unknown>)[name] = original;
    },
  };
}

describe('faces and objects offline (@vladmandic/human on tfjs WASM)', () => {
  let inline: InlinePeopleAndObjectDetector;
  let guard: ReturnType<typeof forbidNetwork>;

  beforeAll(async () => {
    // Loading is where every CDN default would be used: it happens with the network forbidden.
    guard = forbidNetwork();
    inline = (await createPeopleAndObjectDetector({ thread: false })) as InlinePeopleAndObjectDetector;
  }, slow);
  afterAll(async () => {
    guard.restore();
    await inline?.dispose();
  });

  it(
    'loads and detects without any network access (the recorders do catch an attempt)',
    async () => {
      const result = await inline.detect(await sceneWithoutPeople(1));
      expect(result.faces).toEqual([]);
      expect(guard.attempts).toEqual([]);
      // The guard is live: a fetch now is caught and listed.
      await expect(Promise.resolve().then(() => fetch('https://cdn.jsdelivr.net/x'))).rejects.toThrow(/network/);
      expect(guard.attempts).toEqual(['fetch(https://cdn.jsdelivr.net/x)']);
      guard.attempts.length = 0;
    },
    slow,
  );

  it('records who produced faces and objects, with the package version', () => {
    expect(inline.producers.faces).toMatchObject({ enricher: 'faces', model: 'human-blazeface+facemesh' });
    expect(inline.producers.objects).toMatchObject({ enricher: 'objects', model: 'human-centernet-coco' });
    expect(inline.producers.faces.modelVersion).toMatch(/^3\.3\.6\+tfjs-wasm-4\.22\.0$/);
  });

  it(
    'finds no faces and no people in generated scenes, a grey picture or pictures too small to hold a face',
    async () => {
      const pictures: [string, DetailImage][] = [
        ['grey 512²', solidImage(512, 512, [128, 128, 128])],
        ['black 300×200', solidImage(300, 200, [0, 0, 0])],
        ['1×1', solidImage(1, 1, [200, 30, 30])],
        ['8×8', solidImage(8, 8, [30, 200, 30])],
        ['20×3 strip', solidImage(20, 3, [30, 30, 200])],
      ];
      for (const seed of [2, 3, 4, 5]) pictures.push([`scene ${seed}`, await sceneWithoutPeople(seed)]);
      pictures.push(['tall scene', await sceneWithoutPeople(6, 90, 700)]);
      for (const [name, picture] of pictures) {
        const result = await inline.detect(picture);
        expect({ name, faces: result.faces, containsPeople: result.containsPeople }).toEqual({
          name,
          faces: [],
          containsPeople: false,
        });
        for (const object of result.objects) expect(object.score).toBeGreaterThanOrEqual(0.35);
      }
      expect(guard.attempts).toEqual([]);
    },
    slow,
  );

  it(
    'disposes every tensor it makes (the engine holds the same count after detections, large pictures too)',
    async () => {
      await inline.detect(solidImage(64, 64, [10, 10, 10]));
      const before = await inline.tensorsInUse();
      await inline.detect(await sceneWithoutPeople(7));
      await inline.detect(solidImage(1500, 900, [90, 120, 150])); // scaled down to maxInputEdge first
      await inline.detect(solidImage(10, 10, [1, 2, 3])); // too small: never reaches the models
      expect(await inline.tensorsInUse()).toBe(before);
    },
    slow,
  );

  it('refuses a malformed picture with a clear error naming what is wrong', async () => {
    const good = solidImage(32, 32, [1, 2, 3]);
    const malformed: DetailImage[] = [
      { ...good, rgb: new Uint8Array(10) },
      { ...good, width: 0 },
      { ...good, height: 1.5 },
      { ...good, originalWidth: -1 },
      { ...good, channels: 4 as 3 },
    ];
    for (const picture of malformed) {
      const error: unknown = await inline.detect(picture).catch((e: unknown) => e);
      expect(isProvenaError(error) && error.code).toBe('INTERNAL');
      expect((error as Error).message).toMatch(/picture handed to the face and object detector is malformed/);
    }
  });

  it('refuses options out of range, naming the field', async () => {
    for (const [options, field] of [
      [{ minObjectScore: 1.5 }, 'minObjectScore'],
      [{ minFaceBoxScore: Number.NaN }, 'minFaceBoxScore'],
      [{ maxFaces: 0 }, 'maxFaces'],
      [{ maxInputEdge: 10 }, 'maxInputEdge'],
    ] as const) {
      const error: unknown = await createPeopleAndObjectDetector({ ...options, thread: false }).catch(
        (e: unknown) => e,
      );
      expect(isProvenaError(error) && error.code).toBe('CONFIG_INVALID');
      expect(isProvenaError(error) && error.details.field).toBe(field);
    }
  });

  it('scales a picture larger than maxInputEdge down by averaging its pixels', () => {
    // 4×2 → 2×1: each target pixel is the mean of a 2×2 block.
    const rgb = Uint8Array.from([
      0, 0, 0, 10, 20, 30, 100, 100, 100, 200, 200, 200, 2, 4, 6, 30, 40, 50, 100, 100, 100, 0, 0, 0,
    ]);
    expect([...boxShrink(rgb, 4, 2, 2, 1)]).toEqual([11, 16, 22, 100, 100, 100]);
    // 3 → 2 columns: uneven footprints still cover every source pixel once.
    const row = Uint8Array.from([30, 30, 30, 60, 60, 60, 90, 90, 90]);
    expect([...boxShrink(row, 3, 1, 2, 1)]).toEqual([45, 45, 45, 90, 90, 90]);
  });

  it('leaves no process listener behind that would turn a stray rejection into a crash', () => {
    // tfjs-backend-wasm's Emscripten glue adds listeners that rethrow; with them a stray rejection ends the process.
    const rethrowing = [...process.listeners('unhandledRejection'), ...process.listeners('uncaughtException')].filter(
      (listener) => /throw (reason|ex)/.test(String(listener)),
    );
    expect(rethrowing).toEqual([]);
  });

  it('stops at an aborted signal before any work', async () => {
    const controller = new AbortController();
    controller.abort(new Error('the run was cancelled'));
    await expect(inline.detect(solidImage(64, 64, [0, 0, 0]), { signal: controller.signal })).rejects.toThrow(
      'the run was cancelled',
    );
  });

  describeWith('photos', 'on real photographs (python3-skimage)', () => {
    it(
      'finds the astronaut’s face where it is, in original pixels, and people; the cat has no face',
      async () => {
        // The astronaut is 512²: decoded at 256 for detection, her face must come back in the 512² frame.
        const astronaut = await inline.detect(await detailImageOf(photo('astronaut.png'), 256));
        expect(astronaut.faces).toHaveLength(1);
        const face = astronaut.faces[0]!;
        // Her face spans about x 160–290, y 60–200 of the original (looked up by hand).
        expect(centre(face.box).x).toBeGreaterThan(190);
        expect(centre(face.box).x).toBeLessThan(260);
        expect(centre(face.box).y).toBeGreaterThan(95);
        expect(centre(face.box).y).toBeLessThan(160);
        expect(face.box.width).toBeGreaterThan(90);
        expect(face.box.width).toBeLessThan(220);
        expect(face.score).toBeGreaterThanOrEqual(defaultDetectionSettings.minFaceMeshScore);
        expect(astronaut.containsPeople).toBe(true);
        expect(astronaut.objects.map((o) => o.label)).toContain('person');

        // Handed over at 2048 px, beyond maxInputEdge (1024): shrunk for the models, boxes still in the 2048 frame.
        const large = await detailImageOf(await sharp(photo('astronaut.png')).resize(2048).png().toBuffer());
        expect(large.width).toBe(2048);
        const [largeFace] = (await inline.detect(large)).faces;
        expect(centre(largeFace!.box).x / 4).toBeGreaterThan(190);
        expect(centre(largeFace!.box).x / 4).toBeLessThan(260);
        expect(centre(largeFace!.box).y / 4).toBeGreaterThan(95);
        expect(centre(largeFace!.box).y / 4).toBeLessThan(160);

        // The cameraman, in profile behind his camera.
        const camera = await inline.detect(await detailImageOf(photo('camera.png')));
        expect(camera.faces).toHaveLength(1);
        expect(centre(camera.faces[0]!.box).x).toBeGreaterThan(190);
        expect(centre(camera.faces[0]!.box).x).toBeLessThan(250);

        // A cat is not a person.
        const chelsea = await inline.detect(await detailImageOf(photo('chelsea.png')));
        expect(chelsea.faces).toEqual([]);
        expect(chelsea.containsPeople).toBe(false);
        expect(guard.attempts).toEqual([]);
      },
      slow,
    );

    it(
      'needs both checks for a face: on the rocket plume the mesh is sure (0.81) but blazeface is not (0.34)',
      async () => {
        const rocket = await detailImageOf(photo('rocket.jpg'));
        expect((await inline.detect(rocket)).faces).toEqual([]);
        // With the box score gate lowered, the same picture does give the false face: the gate is what holds it off.
        const loose = await createPeopleAndObjectDetector({ thread: false, minFaceBoxScore: 0.2 });
        try {
          const faces = (await loose.detect(rocket)).faces;
          expect(faces).toHaveLength(1);
          expect(faces[0]!.score).toBeGreaterThan(0.5);
        } finally {
          await loose.dispose();
        }
      },
      slow,
    );

    it(
      'tags COCO objects with boxes inside the picture: a cup on coffee, a motorcycle, no faces on either',
      async () => {
        const checks: [string, string][] = [
          ['coffee.png', 'cup'],
          ['motorcycle_left.png', 'motorcycle'],
        ];
        for (const [file, label] of checks) {
          const picture = await detailImageOf(photo(file));
          const result: PeopleAndObjects = await inline.detect(picture);
          expect(result.faces).toEqual([]);
          const found = result.objects.find((object) => object.label === label);
          expect(found, `${label} in ${file}: ${JSON.stringify(result.objects)}`).toBeDefined();
          for (const { box, score } of result.objects) {
            expect(score).toBeGreaterThanOrEqual(defaultDetectionSettings.minObjectScore);
            expect(box.x).toBeGreaterThanOrEqual(0);
            expect(box.y).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width).toBeLessThanOrEqual(picture.originalWidth);
            expect(box.y + box.height).toBeLessThanOrEqual(picture.originalHeight);
          }
          // Best first.
          const scores = result.objects.map((object) => object.score);
          expect(scores).toEqual([...scores].sort((a, b) => b - a));
        }
      },
      slow,
    );
  });
});

describe('the detector in its own worker thread', () => {
  let threaded: PeopleAndObjectDetector;
  beforeAll(async () => {
    threaded = await createPeopleAndObjectDetector();
  }, slow);
  afterAll(async () => {
    await threaded?.dispose();
  });

  it(
    'answers concurrent requests, each with its own picture’s result, the caller’s pixels left usable',
    async () => {
      const grey = solidImage(128, 128, [128, 128, 128]);
      const scenes = await Promise.all([8, 9].map((seed) => sceneWithoutPeople(seed, 320, 240)));
      const results = await Promise.all([grey, ...scenes].map((picture) => threaded.detect(picture)));
      for (const result of results) expect(result.faces).toEqual([]);
      expect(grey.rgb.length).toBe(128 * 128 * 3);
      expect(grey.rgb[0]).toBe(128);
    },
    slow,
  );

  describeWith('photos', 'on a photograph', () => {
    it(
      'gives what the inline detector gives',
      async () => {
        const inline = new InlinePeopleAndObjectDetector(defaultDetectionSettings);
        try {
          const picture = await detailImageOf(photo('astronaut.png'), 384);
          expect(await threaded.detect(picture)).toEqual(await inline.detect(picture));
        } finally {
          await inline.dispose();
        }
      },
      slow,
    );
  });

  it(
    'lets a caller abort while its picture waits, and answers the next request',
    async () => {
      const [first, second, third] = await Promise.all([12, 13, 14].map((seed) => sceneWithoutPeople(seed)));
      const busy = threaded.detect(first!);
      // Aborted at once (before it is posted), and after it was posted to the thread, while it waits behind `busy`.
      const early = new AbortController();
      const late = new AbortController();
      const abortedEarly = threaded.detect(second!, { signal: early.signal });
      const abortedLate = threaded.detect(third!, { signal: late.signal });
      // Outcomes watched from the start: a rejection must not sit unhandled while the test waits.
      const earlyOutcome = expect(abortedEarly).rejects.toThrow('the run was cancelled');
      const lateOutcome = expect(abortedLate).rejects.toThrow('the run was cancelled later');
      early.abort(new Error('the run was cancelled'));
      await new Promise((resolve) => setImmediate(resolve));
      late.abort(new Error('the run was cancelled later'));
      await earlyOutcome;
      await lateOutcome;
      expect((await busy).faces).toEqual([]);
      expect((await threaded.detect(solidImage(64, 64, [9, 9, 9]))).faces).toEqual([]);
    },
    slow,
  );

  it(
    'fails a malformed picture in the caller, and every request after dispose()',
    async () => {
      const error: unknown = await threaded
        .detect({ ...solidImage(8, 8, [0, 0, 0]), rgb: new Uint8Array(1) })
        .catch((e: unknown) => e);
      expect(isProvenaError(error) && error.code).toBe('INTERNAL');

      const disposable = await createPeopleAndObjectDetector();
      await disposable.dispose();
      const after: unknown = await disposable.detect(solidImage(32, 32, [0, 0, 0])).catch((e: unknown) => e);
      expect(isProvenaError(after) && after.code).toBe('JOB_FAILED');
    },
    slow,
  );
});

/** A network namespace of its own (no interface but loopback, down) proves the thread loads and detects offline. */
const canUnshare = (() => {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Where unshare is not permitted the child still runs (the worker thread loading and detecting in a fresh process);
// the network recorders above are the offline proof there. Never a skip: CI fails on any.
describe(`in a child process${canUnshare ? ' without a network (unshare -rn)' : ' (unshare -rn is not permitted here)'}`, () => {
  it(
    'starts the worker thread, loads the models and detects',
    () => {
      const index = fileURLToPath(new URL('./index.ts', import.meta.url));
      const support = fileURLToPath(new URL('./test-support.ts', import.meta.url));
      const script = `
      const { createPeopleAndObjectDetector } = await import(${JSON.stringify(index)});
      const { sceneWithoutPeople } = await import(${JSON.stringify(support)});
      const detector = await createPeopleAndObjectDetector();
      const result = await detector.detect(await sceneWithoutPeople(11));
      await detector.dispose();
      console.log(JSON.stringify({ faces: result.faces.length, producer: detector.producers.faces.model }));`;
      const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
      const [command, args] = canUnshare ? ['unshare', ['-rn', ...node]] : [node[0]!, node.slice(1)];
      const child = spawnSync(command, args, { encoding: 'utf8', timeout: slow });
      expect(child.stderr).not.toMatch(/Error/);
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout.trim().split('\n').pop()!)).toEqual({
        faces: 0,
        producer: 'human-blazeface+facemesh',
      });
    },
    slow,
  );
});
