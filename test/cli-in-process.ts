/**
 * The command line in process (buildProgram, not the binary): what it prints on each stream and the exit code it
 * sets, with the services the test gives. Commander is told to throw instead of exiting the test process on a usage
 * error. The real binary is driven by test/cli.ts.
 */
import { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram, type CliDeps } from '../src/cli/program.ts';

/** A stream that keeps what is written to it. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Commander exits the process on a usage error unless told to throw; every subcommand is told. */
export function throwingInsteadOfExiting(command: Command): void {
  command.exitOverride();
  command.commands.forEach(throwingInsteadOfExiting);
}

export interface InProcessRun {
  out: string;
  err: string;
  /** process.exitCode as the command left it (0 when it set none). */
  code: number;
  /** What parseAsync threw (a usage error), if anything. */
  thrown?: Error;
}

/** Runs `provena <args>` with the given services opener; standard input is `stdin` (not a terminal). */
export async function runInProcess(
  args: string[],
  openServices: CliDeps['openServices'],
  stdin = '',
): Promise<InProcessRun> {
  const out = new Capture();
  const err = new Capture();
  process.exitCode = undefined;
  const program = buildProgram({
    openServices,
    serve: () => Promise.reject(new Error('not here')),
    work: () => Promise.reject(new Error('not here')),
    version: '0.0.0-test',
    stdout: out,
    stderr: err,
    stdin: Readable.from([stdin]),
  });
  throwingInsteadOfExiting(program);
  let thrown: Error | undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    thrown = error instanceof Error ? error : new Error(String(error));
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
  return { out: out.text, err: err.text, code, ...(thrown !== undefined ? { thrown } : {}) };
}
