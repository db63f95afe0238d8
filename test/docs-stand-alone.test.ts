/**
 * The repository's code and documents stand alone: none cites a document that lives outside it (the product brief
 * and the reference notes kept beside the repository in ../shared/docs). A citation either says what it means in a
 * sentence or points at a document here (docs/ARCHITECTURE.md, docs/decisions/, src/provenance/README.md) or at a
 * public specification. Paths to the shared test fixtures are fine: tests may read them when they are present.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const thisFile = relative(root, import.meta.filename)
  .split(sep)
  .join('/');

/** The outside documents, by path and by name: a bare name is as much a citation of them as the path. */
const outsideDocuments = [
  /\.\.\/shared\/docs\b/,
  /\bPRODUCT\.md\b/,
  /\bprovenance-formats\.md\b/,
  /\bSTACK\.md\b/,
  /\bWEB-ANCHORS\.md\b/,
  /\bHOUSE-STYLE\.md\b/,
];

/** Tracked files; a copy of the tree without its .git folder is walked instead (minus what git ignores here). */
function repositoryFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter((path) => path !== '');
  } catch {
    const skipped = new Set(['.git', 'node_modules', 'data', '.data', '.tmp', 'dist']);
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
        if (entry.isDirectory()) return skipped.has(entry.name) ? [] : walk(path);
        return entry.isFile() ? [path] : [];
      });
    return walk('');
  }
}

/** Test fixtures may hold any bytes, outside names included. */
const isFixture = (path: string): boolean => path.split('/').includes('fixtures');

describe('the repository stands alone', () => {
  it('cites no document that lives outside it', () => {
    const citations: string[] = [];
    for (const path of repositoryFiles()) {
      if (path === thisFile || isFixture(path)) continue;
      let text: string;
      try {
        text = readFileSync(join(root, path), 'utf8');
      } catch {
        continue; // listed by git but deleted in the working tree
      }
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, index) => {
        if (outsideDocuments.some((pattern) => pattern.test(line)))
          citations.push(`${path}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(citations).toEqual([]);
  });
});
