/**
 * Entry point of the `provena` command (bin/provena.js runs this file, compiled or through tsx). Only the command
 * line itself loads up front: the runtime (database, provenance engine), the HTTP server and the worker are imported
 * by the commands that use them, so that `provena --version` or a mistyped flag answers at once.
 */
import { buildProgram } from '../cli/program.ts';
import { endQuietlyOnClosedStdout } from '../cli/output.ts';
import { version } from './version.ts';

endQuietlyOnClosedStdout();
const program = buildProgram({
  openServices: async (config) => (await import('./runtime.ts')).createRuntime(config),
  serve: async (config) => (await import('./server.ts')).serve(config),
  work: async (config) => (await import('./worker.ts')).work(config),
  version,
});
await program.parseAsync(process.argv);
