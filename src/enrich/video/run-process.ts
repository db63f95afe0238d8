/**
 * Runs a helper program (ffprobe, ffmpeg) safely: an argument array and no shell, a hard time limit (SIGKILL), a
 * cap on what it may write to stdout, and only the tail of stderr kept. A hostile file can make a decoder loop or
 * produce endless output; neither may hang or exhaust the worker.
 */
import { spawn } from 'node:child_process';
import { ProvenaError } from '../../domain/errors.ts';

export interface RunOptions {
  timeoutMs: number;
  /** Kill the process once stdout exceeds this many bytes. */
  maxStdoutBytes: number;
}

export interface RunResult {
  stdout: Buffer;
  /** The last few kilobytes of stderr, as text. */
  stderr: string;
  exitCode: number | null;
}

const STDERR_TAIL = 8 * 1024;

export const runProcess = (command: string, args: readonly string[], options: RunOptions): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: ProvenaError | undefined;
    const stop = (error: ProvenaError): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        stop(
          new ProvenaError('JOB_FAILED', `${command} did not finish within ${options.timeoutMs} ms and was stopped.`, {
            reason: 'timeout',
            command,
            timeoutMs: options.timeoutMs,
          }),
        ),
      options.timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        stop(
          new ProvenaError(
            'JOB_FAILED',
            `${command} produced more than ${options.maxStdoutBytes} bytes and was stopped.`,
            {
              reason: 'output-limit',
              command,
            },
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_TAIL);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new ProvenaError(
              'INTERNAL',
              `${command} is not installed or not on the PATH (Debian package ffmpeg).`,
              {
                command,
              },
              { cause: error },
            )
          : new ProvenaError(
              'INTERNAL',
              `${command} could not be started: ${error.message}`,
              { command },
              { cause: error },
            ),
      );
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ stdout: Buffer.concat(chunks), stderr, exitCode });
    });
  });
