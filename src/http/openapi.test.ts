import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../../scripts/write-openapi.ts';

describe('OpenAPI document', () => {
  it('docs/openapi.json matches the route schemas (regenerate with: npx tsx scripts/write-openapi.ts)', async () => {
    expect(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')).toBe(await renderOpenApi());
  });
});
