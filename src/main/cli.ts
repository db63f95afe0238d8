/** Entry point of the `provena` command (bin/provena.js runs this file). */
import { buildProgram } from '../cli/program.ts';
import { createRuntime } from './runtime.ts';
import { serve } from './server.ts';
import { version } from './version.ts';
import { work } from './worker.ts';

const program = buildProgram({ openServices: createRuntime, serve, work, version });
await program.parseAsync(process.argv);
