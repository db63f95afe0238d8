import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../../scripts/write-openapi.ts';
import { useTestApp } from '../../test/http-app.ts';

const operations = (document: { paths: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe('OpenAPI document', () => {
  const t = useTestApp('sqlite');

  it('docs/openapi.json matches the route schemas (regenerate with: npx tsx scripts/write-openapi.ts)', async () => {
    expect(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')).toBe(await renderOpenApi());
  });

  it('describes every operation the server as wired answers (the web client is generated from it)', async () => {
    const rendered = JSON.parse(await renderOpenApi()) as { paths: Record<string, Record<string, unknown>> };
    await t.app.ready();
    const served = t.app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> };
    // The document also has what this test server lacks configuration for (single sign-on).
    const documented = new Set(operations(rendered));
    expect(operations(served).filter((operation) => !documented.has(operation))).toEqual([]);
    expect(documented.size).toBeGreaterThan(100);
  });
});
