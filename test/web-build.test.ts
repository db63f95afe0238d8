/**
 * The web app as npm install builds it (test/global-setup.ts runs the same build first, under NODE_ENV=test): a
 * production bundle, never React's development build — which Vite picked whenever the caller's NODE_ENV was not
 * "production", nearly doubling the first page's script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const staticDir = new URL('../web/dist/static/', import.meta.url);

describe('the built web app', () => {
  it('bundles React’s production build, whatever NODE_ENV the build ran under', () => {
    const scripts = readdirSync(staticDir).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) {
      const code = readFileSync(new URL(name, staticDir), 'utf8');
      expect(code, name).not.toContain('jsxDEV');
      expect(code, name).not.toMatch(/react(-dom)?\.development/);
    }
  });
});
