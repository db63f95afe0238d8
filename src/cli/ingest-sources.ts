/**
 * Turns `provena ingest` arguments into (file, fields) pairs: files, folders (recursive) and globs; intake fields from
 * flags, then a CSV/JSON manifest row, then a `<file>.json` sidecar (the most specific wins).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ProvenaError } from '../domain/errors.ts';

export interface IngestItem {
  file: string;
  fields: Record<string, unknown>;
  /** A sidecar or manifest that could not be read: the item fails with this error, the others go on. */
  error?: ProvenaError;
}

const ignoredNames = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** What is never ingested: folders (Provena's own data directory, when someone ingests ".") and files (the manifest). */
export interface IngestExclusions {
  folders?: string[];
  files?: string[];
}

export async function expandPaths(
  args: string[],
  exclude: IngestExclusions = {},
): Promise<{ files: string[]; missing: string[] }> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    if (isDynamicPattern(arg) && !existsSync(arg)) {
      const matches = await glob(arg, { absolute: true, onlyFiles: true, dot: false });
      if (matches.length === 0) missing.push(arg);
      matches.forEach((m) => files.add(m));
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (!info) missing.push(arg);
    else if (info.isDirectory()) {
      for (const m of await glob('**/*', { cwd: arg, absolute: true, onlyFiles: true, dot: false })) files.add(m);
    } else files.add(resolve(arg));
  }
  const excludedFolders = (exclude.folders ?? []).map((dir) => `${resolve(dir)}${sep}`);
  const excludedFiles = new Set((exclude.files ?? []).map((file) => resolve(file)));
  const all = [...files].filter(
    (f) => !ignoredNames.has(basename(f)) && !excludedFiles.has(f) && !excludedFolders.some((dir) => f.startsWith(dir)),
  );
  // Sidecars describe other files; they are not assets themselves.
  const sidecars = new Set(all.filter((f) => f.endsWith('.json') && files.has(f.slice(0, -5))));
  return { files: all.filter((f) => !sidecars.has(f)).sort(), missing };
}

export async function loadManifest(path: string): Promise<Map<string, Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProvenaError('VALIDATION_FAILED', `The manifest ${path} cannot be read: ${(error as Error).message}.`, {
      manifest: path,
    });
  }
  let rows: Array<Record<string, unknown>>;
  try {
    if (path.toLowerCase().endsWith('.json')) {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('a JSON manifest must be an array of objects with a "file" key');
      rows = parsed as Array<Record<string, unknown>>;
    } else {
      rows = parseCsv<Record<string, unknown>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    }
  } catch (error) {
    throw new ProvenaError('VALIDATION_FAILED', `The manifest ${path} is malformed: ${(error as Error).message}.`, {
      manifest: path,
    });
  }
  const byFile = new Map<string, Record<string, unknown>>();
  rows.forEach((row, index) => {
    const { file, ...fields } = row ?? {};
    if (typeof file !== 'string' || file === '') {
      throw new ProvenaError('VALIDATION_FAILED', `Row ${index + 1} of the manifest ${path} has no "file" value.`, {
        manifest: path,
        row: index + 1,
      });
    }
    // Empty CSV cells mean "not given", not "empty string".
    byFile.set(resolve(dirname(path), file), Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')));
  });
  return byFile;
}

export async function readSidecar(file: string): Promise<Record<string, unknown> | undefined> {
  const path = `${file}.json`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ProvenaError(
      'VALIDATION_FAILED',
      `The sidecar ${basename(path)} is not valid JSON: ${(error as Error).message}.`,
      { sidecar: path },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProvenaError(
      'VALIDATION_FAILED',
      `The sidecar ${basename(path)} must hold one JSON object of intake fields.`,
      { sidecar: path },
    );
  }
  return parsed as Record<string, unknown>;
}

export async function fieldsFor(
  file: string,
  flagFields: Record<string, unknown>,
  manifest: Map<string, Record<string, unknown>> | undefined,
): Promise<IngestItem> {
  try {
    const sidecar = await readSidecar(file);
    return { file, fields: { ...flagFields, ...(manifest?.get(file) ?? {}), ...(sidecar ?? {}) } };
  } catch (error) {
    return { file, fields: {}, error: error as ProvenaError };
  }
}
