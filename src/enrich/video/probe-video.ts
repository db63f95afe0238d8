/**
 * Video facts through ffprobe (Debian package ffmpeg): duration, codec, displayed size, frame rate, audio codec.
 *
 * ffprobe and ffmpeg open only local files (`-protocol_whitelist file`) with the demuxers of real video containers
 * (`-format_whitelist`): an HLS playlist or a concat script disguised as a video would otherwise make ffmpeg read
 * other local files or fetch URLs, a known way to exfiltrate data through "video" uploads.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VideoFacts } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { runProcess } from './run-process.ts';

export interface VideoToolOptions {
  /** Default 'ffprobe' (found on the PATH; Debian installs it in /usr/bin). */
  ffprobePath?: string;
  /** Default 'ffmpeg'. */
  ffmpegPath?: string;
  /** Per process run (default 30 s for a probe, 60 s for each frame). */
  timeoutMs?: number;
}

/** Container demuxers accepted (ffmpeg names; each entry also matches the combined name ffmpeg reports). */
export const videoDemuxers = [
  'mov',
  'mp4',
  'm4a',
  '3gp',
  '3g2',
  'mj2',
  'matroska',
  'webm',
  'avi',
  'mpegts',
  'flv',
  'ogg',
];

/** Arguments that confine ffmpeg/ffprobe to reading one local video file. */
export const safeInputArgs = (): string[] => [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  videoDemuxers.join(','),
];

/** The input as ffmpeg should see it: absolute, and through the file protocol so that no name is read as a URL. */
export const fileUrl = (path: string): string => `file:${resolve(path)}`;

/** Checks the file exists and is non-empty, with the same errors as the image decoder. */
export const checkVideoFile = async (path: string): Promise<void> => {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT'
      ? new ProvenaError('NOT_FOUND', 'The video file does not exist.', { path }, { cause: error })
      : new ProvenaError(
          'STORAGE_UNAVAILABLE',
          `The video file could not be read (${error.code ?? error.message}).`,
          {
            path,
          },
          { cause: error },
        );
  });
  if (!info.isFile()) throw new ProvenaError('UNSUPPORTED_MEDIA_TYPE', 'The path is not a regular file.', { path });
  if (info.size === 0) throw new ProvenaError('EMPTY_FILE', 'The video file has zero bytes.', { path });
};

/** Maps an ffmpeg/ffprobe failure to a user-facing error from its stderr. */
export const translateFfmpegError = (stderr: string, tool: string): ProvenaError => {
  // ffmpeg names the input in its messages; server paths are not for the user.
  const lastLine = (stderr.trim().split('\n').filter(Boolean).at(-1)?.trim() ?? `${tool} failed`).replace(
    /(file:)?\/[^\s:"']+/g,
    '<file>',
  );
  if (/not on whitelist/i.test(stderr)) {
    return new ProvenaError('UNSUPPORTED_MEDIA_TYPE', 'The file is not in a video container Provena reads.', {
      tool,
      detail: lastLine,
    });
  }
  return new ProvenaError('CORRUPT_FILE', `The video is damaged or truncated and could not be read (${lastLine}).`, {
    tool,
    detail: lastLine,
  });
};

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string; format_name?: string };
}

const rate = (text: string | undefined): number | undefined => {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!match) return undefined;
  const value = Number(match[1]) / Number(match[2]);
  return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : undefined;
};

const rotationOf = (stream: ProbeStream): number => {
  const fromSideData = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const value = fromSideData ?? Number(stream.tags?.rotate ?? 0);
  return Number.isFinite(value) ? ((Math.round(value) % 360) + 360) % 360 : 0;
};

export const probeVideo = async (path: string, options: VideoToolOptions = {}): Promise<VideoFacts> => {
  await checkVideoFile(path);
  const tool = options.ffprobePath ?? 'ffprobe';
  const result = await runProcess(
    tool,
    [
      '-v',
      'error',
      '-hide_banner',
      ...safeInputArgs(),
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      fileUrl(path),
    ],
    { timeoutMs: options.timeoutMs ?? 30_000, maxStdoutBytes: 4 * 1024 * 1024 },
  );
  if (result.exitCode !== 0) throw translateFfmpegError(result.stderr, 'ffprobe');
  let output: ProbeOutput;
  try {
    output = JSON.parse(result.stdout.toString('utf8')) as ProbeOutput;
  } catch (error) {
    throw new ProvenaError('CORRUPT_FILE', 'ffprobe gave no readable description of the video.', {}, { cause: error });
  }
  const streams = output.streams ?? [];
  // Cover art in MP4/MKV is a video stream too ("attached picture"); it is not the video.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video?.codec_name || !(video.width && video.height)) {
    throw new ProvenaError('UNSUPPORTED_MEDIA_TYPE', 'The file has no video stream.', {
      container: output.format?.format_name,
    });
  }
  const duration = Number(output.format?.duration ?? video.duration);
  if (!(Number.isFinite(duration) && duration > 0)) {
    throw new ProvenaError('CORRUPT_FILE', 'The video has no usable duration.', {
      container: output.format?.format_name,
    });
  }
  const quarterTurn = rotationOf(video) % 180 === 90;
  const frameRate = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  const audioCodec = streams.find((s) => s.codec_type === 'audio')?.codec_name;
  return {
    durationSeconds: Math.round(duration * 1000) / 1000,
    codec: video.codec_name,
    width: quarterTurn ? video.height : video.width,
    height: quarterTurn ? video.width : video.height,
    ...(frameRate === undefined ? {} : { frameRate }),
    ...(audioCodec === undefined ? {} : { audioCodec }),
  };
};
