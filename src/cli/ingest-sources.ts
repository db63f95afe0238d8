/**
 * Turns `provena ingest` arguments into (file, fields) pairs: files, folders (recursive) and globs; intake fields from
 * flags, then a CSV/JSON manifest row, then a `<file>.json` sidecar (the most specific wins).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
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

/** A symbolic link met inside a folder or a glob's base and not followed. */
export interface SkippedLink {
  path: string;
  reason: 'not followed' | 'outside the given folders' | 'broken';
}

export interface ExpandedPaths {
  files: string[];
  /** Arguments that named nothing. */
  missing: string[];
  skippedLinks: SkippedLink[];
}

/**
 * Files, folders (recursively) and globs → the files to ingest. Symbolic links met inside a folder (or below a glob's
 * base) are not followed unless `followSymlinks`, and even then only to places inside the folder that was given:
 * ingesting a folder never reads files outside it. A link named on the command line is taken as given. Files are
 * told apart by their real path, so a file reached twice (through a link, say) is listed once.
 */
export async function expandPaths(
  args: string[],
  exclude: IngestExclusions = {},
  options: { followSymlinks?: boolean } = {},
): Promise<ExpandedPaths> {
  const follow = options.followSymlinks === true;
  const found = new Map<string, string>(); // real path → path to ingest
  const missing: string[] = [];
  const skippedLinks: SkippedLink[] = [];
  const add = async (path: string) => {
    const real = await realpath(path);
    if (!found.has(real)) found.set(real, path);
  };
  for (const arg of args) {
    if (isDynamicPattern(arg) && !existsSync(arg)) {
      const base = await realpath(globBase(arg)).catch(() => undefined);
      const matches = base
        ? await glob(arg, { absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: follow })
        : [];
      if (matches.length === 0) missing.push(arg);
      for (const match of matches.sort()) {
        if (isInside(await realpath(match), base!)) await add(match);
        else skippedLinks.push({ path: match, reason: 'outside the given folders' });
      }
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (!info) missing.push(arg);
    else if (info.isDirectory()) await walkFolder(resolve(arg), follow, add, skippedLinks);
    else await add(resolve(arg));
  }
  const excludedFolders = (exclude.folders ?? []).map((dir) => `${resolve(dir)}${sep}`);
  const excludedFiles = new Set((exclude.files ?? []).map((file) => resolve(file)));
  const all = [...found.values()].filter(
    (f) => !ignoredNames.has(basename(f)) && !excludedFiles.has(f) && !excludedFolders.some((dir) => f.startsWith(dir)),
  );
  // Sidecars describe other files; they are not assets themselves.
  const listed = new Set(all);
  const sidecars = new Set(all.filter((f) => f.endsWith('.json') && listed.has(f.slice(0, -5))));
  return { files: all.filter((f) => !sidecars.has(f)).sort(), missing, skippedLinks };
}

/** Every file below `root` (dot entries left out), following links only inside it; the real files come first. */
async function walkFolder(
  root: string,
  follow: boolean,
  add: (path: string) => Promise<void>,
  skippedLinks: SkippedLink[],
): Promise<void> {
  const realRoot = await realpath(root);
  // Folders already walked, by real path: a loop, or a second way into one folder, is walked once.
  const walked = new Set<string>();
  const links: string[] = [];
  const walk = async (dir: string) => {
    const real = await realpath(dir);
    if (walked.has(real)) return;
    walked.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) links.push(path);
      else if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) await add(path);
    }
  };
  await walk(root);
  // Links last, so that a file found both directly and through a link keeps its own path. Links found below a
  // followed one join the queue and are checked like the others.
  for (let link = links.shift(); link !== undefined; link = links.shift()) {
    if (!follow) {
      skippedLinks.push({ path: link, reason: 'not followed' });
      continue;
    }
    const target = await realpath(link).catch(() => undefined);
    const info = target ? await stat(target).catch(() => undefined) : undefined;
    if (!target || !info) skippedLinks.push({ path: link, reason: 'broken' });
    else if (!isInside(target, realRoot)) skippedLinks.push({ path: link, reason: 'outside the given folders' });
    else if (info.isFile()) await add(link);
    else if (info.isDirectory()) await walk(link);
  }
}

const isInside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}${sep}`);

/** The folder a glob starts from: its leading segments without wildcards. */
function globBase(pattern: string): string {
  const segments = resolve(pattern).split(sep);
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  return segments.slice(0, firstDynamic < 0 ? segments.length - 1 : firstDynamic).join(sep) || sep;
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
