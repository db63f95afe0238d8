/**
 * Entry point of the `provena` command (bin/provena.js runs this file, compiled or through tsx). Only the command
 * line itself loads up front: the runtime (database, provenance engine), the HTTP server and the worker are imported
 * by the commands that use them, so that `provena --version` or a mistyped flag answers at once.
 */
import { userInfo } from 'node:os';
import { buildProgram } from '../cli/program.ts';
import { endQuietlyOnClosedStdout } from '../cli/output.ts';
import { operatorContext } from '../domain/access.ts';
import { version } from './version.ts';

endQuietlyOnClosedStdout();
/**
 * The CLI acts as the local operator: whoever can run it on this machine reads the data directory and the database
 * anyway, so it records who they are rather than pretending to check. Built once; the services are opened with it,
 * unless --as or --token name a user (cli-services.ts).
 */
const operator = operatorContext(osUser());
const program = buildProgram({
  openServices: async (config, actingAs = {}) =>
    (await import('./cli-services.ts')).openCliServices(config, actingAs, operator),
  serve: async (config) => (await import('./server.ts')).serve(config),
  work: async (config) => (await import('./worker.ts')).work(config),
  version,
});
await program.parseAsync(process.argv);

/** The operating-system user running the command (the login name; $USER when the system has no entry for it). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}
