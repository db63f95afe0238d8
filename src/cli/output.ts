/** How the CLI reports: errors with their code and every problem, exit codes from the one error table. */
import { isProvenaError, type FieldProblem } from '../domain/errors.ts';
import { errorTable } from '../edge/error-table.ts';

export interface ErrorSummary {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function summariseError(error: unknown): ErrorSummary {
  if (isProvenaError(error)) return { code: error.code, message: error.message, details: error.details };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function exitCodeFor(error: unknown): number {
  return isProvenaError(error) ? errorTable[error.code].exit : errorTable.INTERNAL.exit;
}

export function printError(error: unknown, stream: NodeJS.WritableStream = process.stderr): void {
  const summary = summariseError(error);
  stream.write(`error ${summary.code}: ${summary.message}\n`);
  const problems = summary.details?.problems as FieldProblem[] | undefined;
  if (Array.isArray(problems) && problems.length > 1) {
    for (const p of problems) stream.write(`  - ${p.field}: ${p.problem}\n`);
  }
  if (summary.code === 'INTERNAL' && error instanceof Error && process.env.PROVENA_DEBUG)
    stream.write(`${error.stack}\n`);
}

/** Fixed-width table for terminals; cells are cut to their column width. */
export function table(rows: string[][], widths: number[]): string {
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const w = widths[i] ?? 20;
          const clean = cell.replace(/\s+/g, ' ');
          return (clean.length > w ? `${clean.slice(0, w - 1)}…` : clean).padEnd(w);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A word as a POSIX shell reads it literally: bare when plainly safe, otherwise in single quotes. */
export function shellWord(word: string): string {
  // No leading '#' (a comment) or '~' (home), no globs, spaces or quotes.
  return /^[\w@%+=:,./-][\w@%+=:,./#-]*$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that prints the next page: the same filters (a hint that dropped them would list something else) and
 * the cursor. `flags` pairs each flag with the value given, undefined when not given.
 */
export function nextPageHint(
  command: string,
  flags: [flag: string, value: string | undefined][],
  cursor: string,
): string {
  const words = flags.flatMap(([flag, value]) => (value === undefined ? [] : [flag, shellWord(value)]));
  return `more: provena ${command} ${[...words, '--cursor', shellWord(cursor)].join(' ')}`;
}

/**
 * `provena ingest … | head -1`: once the reader of stdout has gone there is nobody left to tell anything, so the
 * process ends quietly with status 0 (as `yes | head` does) instead of dying on an EPIPE stack trace. Work stops
 * where it is; everything committed so far stays committed. A closed stderr ends it with the status reached so far.
 */
export function endQuietlyOnClosedStdout(): void {
  const endOnEpipe = (status: () => number) => (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(status());
  };
  const success = () => 0;
  const statusSoFar = () => Number(process.exitCode ?? 0);
  process.stdout.on('error', endOnEpipe(success));
  process.stderr.on('error', endOnEpipe(statusSoFar));
}
