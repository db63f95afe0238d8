/** Video enrichment through ffprobe/ffmpeg: facts, poster frame and representative frames. */
export { extractFrames, ffmpegVersion, videoProducer } from './extract-frames.ts';
export type { FrameOptions, VideoFrames } from './extract-frames.ts';
export { probeVideo, videoDemuxers } from './probe-video.ts';
export type { VideoToolOptions } from './probe-video.ts';
export { runProcess } from './run-process.ts';
export type { RunOptions, RunResult } from './run-process.ts';
