#!/usr/bin/env node
// The CLI's entry point: the compiled dist/main/cli.js when it is current (bin/compiled-cli.js), otherwise the
// TypeScript sources through tsx's loader.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentCompiledEntry } from './compiled-cli.js';

const compiled = currentCompiledEntry(fileURLToPath(new URL('..', import.meta.url)));
if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli.ts');
}
