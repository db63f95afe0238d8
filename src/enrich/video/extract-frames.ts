/**
 * Poster frame and evenly spaced key frames of a video, as WebP (or JPEG) renditions.
 *
 * One ffmpeg run per frame, seeking on the input side (`-ss` before `-i`): ffmpeg jumps to the nearest keyframe
 * and decodes only up to the requested time, so the cost does not grow with the length of the video. ffmpeg scales
 * the frame down (square pixels, within `maxSize`) and hands over a PNG on stdout; sharp encodes the rendition so
 * that image and video renditions share one encoder and its settings. "Key frames" here are representative frames
 * at (i + ½) / n of the duration, not the codec's I-frames, which AI clips often have only one of.
 */
import sharp from 'sharp';
import type { Producer, Rendition, VideoFacts } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { RenditionFile } from '../renditions/renditions.ts';
import { sha256Hex } from '../renditions/renditions.ts';
import { fileUrl, probeVideo, safeInputArgs, translateFfmpegError, type VideoToolOptions } from './probe-video.ts';
import { runProcess } from './run-process.ts';

export interface FrameOptions extends VideoToolOptions {
  /** Seconds into the video for the poster (default: 10 % of the duration, at most 5 s). */
  posterAt?: number;
  /** How many representative frames besides the poster (default 0, at most 50). */
  keyframes?: number;
  /** Long edge of each frame (default 1024; never upscaled). */
  maxSize?: number;
  format?: 'webp' | 'jpeg';
  quality?: number;
  /** Facts from an earlier probeVideo, to save a second probe. */
  facts?: VideoFacts;
  /**
   * Largest frame (width × height) decoded (default 8192²): ffmpeg allocates full frames before scaling them, so
   * a header claiming a giant size is refused up front, like an image over limitInputPixels.
   */
  maxFramePixels?: number;
}

export interface VideoFrames {
  facts: VideoFacts;
  poster: RenditionFile;
  keyframes: RenditionFile[];
}

const MAX_KEYFRAMES = 50;

const scaleFilter = (maxSize: number): string =>
  // Square pixels first (anamorphic video), then fit inside maxSize × maxSize without enlarging.
  `scale=trunc(iw*sar):ih,setsar=1,scale=w='min(${maxSize},iw)':h='min(${maxSize},ih)':force_original_aspect_ratio=decrease`;

/** One frame at `seconds` as PNG bytes, or undefined when there is no frame there (a seek past the end). */
const grabFrame = async (
  path: string,
  seconds: number,
  maxSize: number,
  options: VideoToolOptions,
): Promise<Buffer | undefined> => {
  const result = await runProcess(
    options.ffmpegPath ?? 'ffmpeg',
    [
      '-v',
      'error',
      '-nostdin',
      '-hide_banner',
      ...safeInputArgs(),
      '-ss',
      seconds.toFixed(3),
      '-i',
      fileUrl(path),
      '-map',
      '0:V:0', // the first real video stream, never cover art
      '-frames:v',
      '1',
      '-an',
      '-sn',
      '-dn',
      '-vf',
      scaleFilter(maxSize),
      '-c:v',
      'png',
      '-f',
      'image2pipe',
      'pipe:1',
    ],
    // a PNG of 1024² RGB is at most ~3 MB; anything far beyond is not a frame
    { timeoutMs: options.timeoutMs ?? 60_000, maxStdoutBytes: 64 * 1024 * 1024 },
  );
  if (result.exitCode !== 0) throw translateFfmpegError(result.stderr, 'ffmpeg');
  return result.stdout.length > 0 ? result.stdout : undefined;
};

const encode = async (
  png: Buffer,
  role: Rendition['role'],
  atSeconds: number,
  format: 'webp' | 'jpeg',
  quality: number,
): Promise<RenditionFile> => {
  const pipeline = sharp(png, { failOn: 'error' }).removeAlpha();
  const { data, info } = await (
    format === 'webp' ? pipeline.webp({ quality, effort: 2 }) : pipeline.jpeg({ quality, mozjpeg: true })
  ).toBuffer({ resolveWithObject: true });
  return {
    bytes: data,
    rendition: {
      role,
      mediaType: format === 'webp' ? 'image/webp' : 'image/jpeg',
      width: info.width,
      height: info.height,
      sha256: sha256Hex(data),
      size: data.length,
      atSeconds: Math.round(atSeconds * 1000) / 1000,
    },
  };
};

/**
 * The version of the ffmpeg at `path` from its version line ("ffmpeg version 6.1.1-3ubuntu5" → "6.1.1-3ubuntu5"),
 * 'unknown' when the line has no version, undefined when ffmpeg cannot be run.
 */
export async function ffmpegVersion(path = 'ffmpeg'): Promise<string | undefined> {
  try {
    const result = await runProcess(path, ['-version'], { timeoutMs: 10_000, maxStdoutBytes: 64 * 1024 });
    const first = result.stdout.toString('utf8').split('\n')[0] ?? '';
    return result.exitCode === 0 ? (/version (\S+)/.exec(first)?.[1] ?? 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

/** Who made video renditions and facts: ffmpeg's version as reported by the binary in use. */
export const videoProducer = async (options: VideoToolOptions = {}): Promise<Producer> => ({
  enricher: 'video',
  model: 'ffmpeg',
  modelVersion: (await ffmpegVersion(options.ffmpegPath)) ?? 'unknown',
});

export const extractFrames = async (path: string, options: FrameOptions = {}): Promise<VideoFrames> => {
  const { maxSize = 1024, format = 'webp', quality = 80 } = options;
  const count = Math.max(0, Math.min(MAX_KEYFRAMES, Math.floor(options.keyframes ?? 0)));
  if (!(maxSize >= 1)) throw new RangeError(`extractFrames: maxSize must be ≥ 1 (got ${maxSize})`);
  const facts = options.facts ?? (await probeVideo(path, options));
  const maxFramePixels = options.maxFramePixels ?? 8192 * 8192;
  if (facts.width * facts.height > maxFramePixels) {
    throw new ProvenaError(
      'IMAGE_TOO_LARGE',
      `The video frames are ${facts.width} × ${facts.height} pixels, more than the limit of ${maxFramePixels}.`,
      { width: facts.width, height: facts.height, limit: maxFramePixels },
    );
  }
  const duration = facts.durationSeconds;
  // The last instant that still shows a frame: one frame period before the end.
  const last = Math.max(0, duration - 1 / (facts.frameRate ?? 25));
  const clamp = (t: number): number => Math.min(last, Math.max(0, Number.isFinite(t) ? t : 0));

  const posterAt = clamp(options.posterAt ?? Math.min(duration * 0.1, 5));
  let posterPng = await grabFrame(path, posterAt, maxSize, options);
  let posterTime = posterAt;
  if (!posterPng && posterAt > 0) {
    // Some files report a duration longer than their frames reach; the first frame always exists.
    posterPng = await grabFrame(path, 0, maxSize, options);
    posterTime = 0;
  }
  if (!posterPng) throw new ProvenaError('CORRUPT_FILE', 'No frame of the video could be decoded.', { duration });
  const poster = await encode(posterPng, 'poster', posterTime, format, quality);

  const keyframes: RenditionFile[] = [];
  for (let i = 0; i < count; i++) {
    const at = clamp((duration * (i + 0.5)) / count);
    const png = await grabFrame(path, at, maxSize, options);
    if (png) keyframes.push(await encode(png, 'keyframe', at, format, quality));
  }
  return { facts, poster, keyframes };
};
