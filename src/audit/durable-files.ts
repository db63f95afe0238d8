/** Small files that must survive a crash: replaced atomically, or appended to, and flushed to disk either way. */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A rename or a new name is durable only once its directory is flushed too. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Readers see the old content or the new, never a mix: write a temporary file, flush it, rename it over, flush the directory. */
export async function replaceFileAtomically(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  const temporary = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
  await syncDirectory(dir);
}

/** Appends and flushes; works on append-only files (chattr +a, WORM mounts), which refuse any other write. */
export async function appendDurably(file: string, text: string): Promise<void> {
  const created = !(await stat(file).then(
    () => true,
    () => false,
  ));
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dirname(file));
}
