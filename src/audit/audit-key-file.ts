/**
 * The audit key file (decision 0012): 64 hexadecimal digits, a 256-bit key, readable by its owner only. Provena makes
 * one in the data directory on first start; an operator can supply their own (PROVENA_AUDIT_KEY_FILE), best kept
 * where whoever can write the database cannot read it. A file others can read, or that holds anything else, is
 * refused: a key that others may have read, or a truncated one, would make the audit log's evidence worthless.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuditKey } from '../domain/audit.ts';
import { ProvenaError } from '../domain/errors.ts';
import { syncDirectory } from './durable-files.ts';

export const auditKeySetting = 'PROVENA_AUDIT_KEY_FILE';

const keyFormat = /^[0-9a-fA-F]{64}\r?\n?$/;

const refused = (file: string, problem: string) =>
  new ProvenaError('CONFIG_INVALID', `Invalid configuration: ${auditKeySetting} ${file} ${problem}`, {
    problems: [{ field: auditKeySetting, problem: `${file} ${problem}` }],
  });

/**
 * Reads the key from `file`; when it does not exist and `create` is set (the default file in the data directory),
 * makes a new random key there first.
 */
export async function loadAuditKey(options: { file: string; create: boolean }): Promise<AuditKey> {
  const { file } = options;
  let info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw refused(file, `cannot be read (${error.code ?? error.message})`);
  });
  if (!info) {
    if (!options.create) throw refused(file, 'does not exist');
    await createKeyFile(file);
    info = await stat(file);
  }
  if (!info.isFile()) throw refused(file, 'is not a file');
  const mode = info.mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw refused(
      file,
      `can be read or written by others (mode ${mode.toString(8).padStart(4, '0')}): make it readable by its owner only (chmod 600)`,
    );
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw refused(file, `cannot be read (${error.code ?? error.message})`);
  });
  if (!keyFormat.test(text))
    throw refused(
      file,
      'must hold exactly 64 hexadecimal digits, a 256-bit key (such as `openssl rand -hex 32` prints)',
    );
  return new AuditKey(Buffer.from(text.trim(), 'hex'));
}

/**
 * Written whole to a private temporary file, then linked into place: link fails when the file exists, so of two
 * processes starting at once one key wins and both read it, and nobody ever reads a half-written key.
 */
async function createKeyFile(file: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dir);
}
