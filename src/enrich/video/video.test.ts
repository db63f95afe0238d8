import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenaError } from '../../domain/errors.ts';
import { sha256Hex } from '../renditions/renditions.ts';
import { extractFrames, videoProducer } from './extract-frames.ts';
import { probeVideo } from './probe-video.ts';
import { runProcess } from './run-process.ts';
import { describeWith } from '../../../test/requirements.ts';

let dir: string;
const file = (name: string) => join(dir, name);

/** Runs ffmpeg to make a test input (testsrc: a moving pattern with a frame counter, so frames differ). */
const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: 'pipe' });

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProvenaError);
  return (error as ProvenaError).code;
};

describeWith('ffmpeg', 'video', () => {
  beforeAll(() => {
    return (async () => {
      dir = await mkdtemp(join(tmpdir(), 'provena-video-'));
      const testsrc = (size: string, seconds: number) => [
        '-f',
        'lavfi',
        '-i',
        `testsrc=duration=${seconds}:size=${size}:rate=25`,
      ];
      const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
      ffmpeg(
        ...testsrc('320x240', 2),
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=2',
        ...h264,
        '-c:a',
        'aac',
        '-shortest',
        file('clip.mp4'),
      );
      ffmpeg(...testsrc('160x120', 1), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', file('clip.webm'));
      ffmpeg(...testsrc('1280x720', 1), ...h264, file('wide.mp4'));
      ffmpeg('-i', file('clip.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', file('rotated.mp4'));
      ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', file('audio.m4a'));
    })();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('probeVideo', () => {
    it('reports duration, codec, size, frame rate and audio codec', async () => {
      expect(await probeVideo(file('clip.mp4'))).toEqual({
        durationSeconds: 2,
        codec: 'h264',
        width: 320,
        height: 240,
        frameRate: 25,
        audioCodec: 'aac',
      });
      const webm = await probeVideo(file('clip.webm'));
      expect(webm).toMatchObject({ codec: 'vp9', width: 160, height: 120, frameRate: 25 });
      expect(webm.durationSeconds).toBeCloseTo(1, 1);
      expect(webm.audioCodec).toBeUndefined();
    });

    it('reports the displayed size of a rotated video', async () => {
      expect(await probeVideo(file('rotated.mp4'))).toMatchObject({ width: 240, height: 320 });
    });

    it('refuses files that are no video', async () => {
      await writeFile(
        file('image.png'),
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
          .png()
          .toBuffer(),
      );
      expect(await codeOf(probeVideo(file('image.png')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(probeVideo(file('audio.m4a')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      await writeFile(file('notes.txt'), 'just some text, not a video at all\n'.repeat(20));
      expect(['UNSUPPORTED_MEDIA_TYPE', 'CORRUPT_FILE']).toContain(await codeOf(probeVideo(file('notes.txt'))));
    });

    it('refuses a playlist that points at other files instead of following it', async () => {
      await writeFile(
        file('playlist.m3u8'),
        `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n${file('clip.mp4')}\n#EXT-X-ENDLIST\n`,
      );
      expect(await codeOf(probeVideo(file('playlist.m3u8')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      await writeFile(file('list.ffconcat'), `ffconcat version 1.0\nfile '${file('clip.mp4')}'\n`);
      expect(await codeOf(probeVideo(file('list.ffconcat')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(
        await codeOf(
          extractFrames(file('playlist.m3u8'), {
            facts: { durationSeconds: 2, codec: 'h264', width: 320, height: 240 },
          }),
        ),
      ).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('reports a truncated video as CORRUPT_FILE', async () => {
      const bytes = await readFile(file('clip.mp4'));
      await writeFile(file('cut.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
      const error = await probeVideo(file('cut.mp4')).catch((e: unknown) => e);
      expect((error as ProvenaError).code).toBe('CORRUPT_FILE');
      expect((error as ProvenaError).message).not.toContain(dir);
    });

    it('refuses empty and missing files', async () => {
      await writeFile(file('empty.mp4'), '');
      expect(await codeOf(probeVideo(file('empty.mp4')))).toBe('EMPTY_FILE');
      expect(await codeOf(probeVideo(file('missing.mp4')))).toBe('NOT_FOUND');
    });

    it('handles file names that look like options or shell syntax', async () => {
      const odd = file("-i evil; rm -rf $(x) 'q'.mp4");
      await copyFile(file('clip.mp4'), odd);
      expect((await probeVideo(odd)).codec).toBe('h264');
      expect((await extractFrames(odd)).poster.rendition.width).toBe(320);
    });

    it('stops at the time limit and says so', async () => {
      const error = await probeVideo(file('clip.mp4'), { timeoutMs: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProvenaError);
      expect((error as ProvenaError).details).toMatchObject({ reason: 'timeout' });
    });

    it('gives a clear error when ffprobe is missing', async () => {
      const error = await probeVideo(file('clip.mp4'), { ffprobePath: join(dir, 'no-such-ffprobe') }).catch(
        (e: unknown) => e,
      );
      expect((error as ProvenaError).code).toBe('INTERNAL');
      expect((error as ProvenaError).message).toMatch(/not installed/);
    });
  });

  describe('extractFrames', () => {
    it('makes a poster and evenly spaced key frames as WebP', async () => {
      const { facts, poster, keyframes } = await extractFrames(file('clip.mp4'), { keyframes: 4 });
      expect(facts.codec).toBe('h264');
      expect(poster.rendition).toMatchObject({
        role: 'poster',
        mediaType: 'image/webp',
        width: 320,
        height: 240,
        atSeconds: 0.2,
      });
      expect(keyframes.map((k) => k.rendition.atSeconds)).toEqual([0.25, 0.75, 1.25, 1.75]);
      for (const frame of [poster, ...keyframes]) {
        const meta = await sharp(frame.bytes).metadata();
        expect(meta).toMatchObject({ format: 'webp', width: frame.rendition.width, height: frame.rendition.height });
        expect(frame.rendition.sha256).toBe(sha256Hex(frame.bytes));
        expect(frame.rendition.size).toBe(frame.bytes.length);
      }
      // testsrc moves, so frames at different times differ
      expect(new Set(keyframes.map((k) => k.rendition.sha256)).size).toBe(4);
    });

    it('scales frames down within maxSize and never up', async () => {
      const wide = await extractFrames(file('wide.mp4'), { maxSize: 256 });
      expect(wide.poster.rendition).toMatchObject({ width: 256, height: 144 });
      const small = await extractFrames(file('clip.webm'), { maxSize: 4096 });
      expect(small.poster.rendition).toMatchObject({ width: 160, height: 120 });
    });

    it('turns frames of a rotated video upright', async () => {
      const { poster } = await extractFrames(file('rotated.mp4'));
      expect(poster.rendition).toMatchObject({ width: 240, height: 320 });
    });

    it('clamps a poster time past the end and can write JPEG', async () => {
      const { poster } = await extractFrames(file('clip.mp4'), { posterAt: 999, format: 'jpeg', quality: 85 });
      expect(poster.rendition.mediaType).toBe('image/jpeg');
      expect(poster.rendition.atSeconds).toBeLessThan(2);
      expect((await sharp(poster.bytes).metadata()).format).toBe('jpeg');
    });

    it('refuses giant frame sizes before running ffmpeg', async () => {
      const facts = { durationSeconds: 2, codec: 'h264', width: 100_000, height: 100_000 };
      const error = await extractFrames(file('clip.mp4'), { facts }).catch((e: unknown) => e);
      expect((error as ProvenaError).code).toBe('IMAGE_TOO_LARGE');
      expect((error as ProvenaError).details).toMatchObject({ width: 100_000, height: 100_000 });
      expect(await codeOf(extractFrames(file('clip.mp4'), { maxFramePixels: 320 * 240 - 1 }))).toBe('IMAGE_TOO_LARGE');
    });

    it('names ffmpeg and its version as the producer', async () => {
      const producer = await videoProducer();
      expect(producer).toMatchObject({ enricher: 'video', model: 'ffmpeg' });
      expect(producer.modelVersion).toMatch(/^\d+\.\d+/);
    });

    it('is deterministic', async () => {
      const [a, b] = [await extractFrames(file('clip.mp4')), await extractFrames(file('clip.mp4'))];
      expect(a.poster.rendition.sha256).toBe(b.poster.rendition.sha256);
    });
  });
});

describe('runProcess', () => {
  it('kills a process that outlives its time limit', async () => {
    const error = await runProcess('sleep', ['30'], { timeoutMs: 50, maxStdoutBytes: 1000 }).catch((e: unknown) => e);
    expect((error as ProvenaError).code).toBe('JOB_FAILED');
    expect((error as ProvenaError).details).toMatchObject({ reason: 'timeout' });
  });

  it('kills a process that writes too much', async () => {
    const error = await runProcess('cat', ['/dev/zero'], { timeoutMs: 10_000, maxStdoutBytes: 100_000 }).catch(
      (e: unknown) => e,
    );
    expect((error as ProvenaError).details).toMatchObject({ reason: 'output-limit' });
  });

  it('returns output and exit code otherwise, without a shell', async () => {
    const result = await runProcess('echo', ['$HOME', '; ls'], { timeoutMs: 10_000, maxStdoutBytes: 1000 });
    expect(result.stdout.toString()).toBe('$HOME ; ls\n');
    expect(result.exitCode).toBe(0);
    expect((await runProcess('false', [], { timeoutMs: 10_000, maxStdoutBytes: 1000 })).exitCode).toBe(1);
  });
});
