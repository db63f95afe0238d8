import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorDocs } from '../../scripts/write-error-docs.ts';

describe('error catalogue', () => {
  it('is documented in docs/errors.md exactly as the code defines it (regenerate with scripts/write-error-docs.ts)', () => {
    expect(readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')).toBe(renderErrorDocs());
  });
});
