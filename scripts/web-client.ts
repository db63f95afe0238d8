/**
 * The web app's typed API client types, web/src/api/schema.d.ts, generated from docs/openapi.json with
 * openapi-typescript. `--check` (in npm run check) fails when the checked-in file differs from what the document
 * gives: regenerate with `npm run build:web-client` after changing a route's schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

const documentUrl = new URL('../docs/openapi.json', import.meta.url);
const target = new URL('../web/src/api/schema.d.ts', import.meta.url);

const header =
  '/** Generated from docs/openapi.json by scripts/web-client.ts (npm run build:web-client): do not edit. */\n';
const generated = header + astToString(await openapiTS(readFileSync(documentUrl, 'utf8')));

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing counts as drift.
  }
  if (current !== generated) {
    console.error('web/src/api/schema.d.ts is out of date with docs/openapi.json: run npm run build:web-client.');
    process.exit(1);
  }
} else {
  writeFileSync(target, generated);
  console.log('wrote web/src/api/schema.d.ts');
}
