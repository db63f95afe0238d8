/**
 * How a command that needs the services runs: check its arguments, open the services, run, close. Arguments are
 * checked first so that a mistake is reported before the database and engines load; a ProvenaError becomes a message
 * and the exit code from the one error table.
 */
import type { Command } from 'commander';
import { exitCodeFor, printError } from './output.ts';

type Run<S, I> = (services: S, input: I) => Promise<number | void>;

/** `withServices(command, run)`, or `withServices(command, parse, run)` where `parse` checks the arguments first. */
export interface WithServices<S> {
  (command: Command, run: Run<S, undefined>): () => Promise<void>;
  <I>(command: Command, parse: () => I, run: Run<S, I>): () => Promise<void>;
}

export function serviceRunner<S extends { close(): Promise<void> }>(
  open: (command: Command) => Promise<S>,
  err: NodeJS.WritableStream,
): WithServices<S> {
  return <I>(command: Command, ...steps: [Run<S, undefined>] | [() => I, Run<S, I>]) =>
    async () => {
      let services: S | undefined;
      try {
        const [parse, run] = steps.length === 2 ? steps : [() => undefined, steps[0]];
        const input = parse();
        services = await open(command);
        process.exitCode = (await (run as Run<S, unknown>)(services, input)) ?? 0;
      } catch (error) {
        printError(error, err);
        process.exitCode = exitCodeFor(error);
      } finally {
        await services?.close();
      }
    };
}
