import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAuditKey } from './audit-key-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'provena-audit-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = () => join(dir, `key-${++n}`, 'audit.key');

describe('the audit key file', () => {
  it('is made on first start, readable by its owner only, and read back the same afterwards', async () => {
    const file = path();
    const made = await loadAuditKey({ file, create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await loadAuditKey({ file, create: true })).id).toBe(made.id);
    // The secret never shows in JSON (logs, error details): only the key's id.
    expect(JSON.stringify(made)).toBe(JSON.stringify({ id: made.id }));
  });

  it('is made once when two processes start together', async () => {
    const file = path();
    const [a, b] = await Promise.all([loadAuditKey({ file, create: true }), loadAuditKey({ file, create: true })]);
    expect(a.id).toBe(b.id);
  });

  it('is refused, with how to fix it, when others can read it', async () => {
    const file = path();
    await loadAuditKey({ file, create: true });
    chmodSync(file, 0o644);
    await expect(loadAuditKey({ file, create: true })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `Invalid configuration: PROVENA_AUDIT_KEY_FILE ${file} can be read or written by others (mode 0644): make it readable by its owner only (chmod 600)`,
    });
  });

  it('is refused when it holds anything but a 256-bit key in hex', async () => {
    for (const text of ['abc\n', `${'g'.repeat(64)}\n`, `${'a'.repeat(63)}\n`, `${'a'.repeat(64)}\n\n`, '']) {
      const file = path();
      await loadAuditKey({ file, create: true });
      writeFileSync(file, text, { mode: 0o600 });
      await expect(loadAuditKey({ file, create: true })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('must hold exactly 64 hexadecimal digits') as unknown,
      });
    }
  });

  it('accepts an operator’s key (`openssl rand -hex 32`), and never makes one where the operator named a file', async () => {
    const file = join(dir, 'operator.key');
    writeFileSync(file, `${'0123456789ABCDEF'.repeat(4)}\n`, { mode: 0o600 });
    await expect(loadAuditKey({ file, create: false })).resolves.toHaveProperty('id');
    await expect(loadAuditKey({ file: join(dir, 'typo.key'), create: false })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('typo.key does not exist') as unknown,
    });
  });
});
