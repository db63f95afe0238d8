/** Passwords typed on a terminal without echo, or piped in: a fake terminal stands in for the real one. */
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHidden, newPassword, readPasswordFromStdin } from './password-input.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A terminal that records its raw mode and receives `keys` once the prompt has been written. */
function terminal(...typings: string[]) {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      input.rawModes.push(raw);
      return input;
    },
  });
  const output = new Capture();
  const pending = [...typings];
  const realWrite = output.write.bind(output);
  // Each prompt is answered with the next typing, as a person would, after it appears.
  output.write = ((chunk: string) => {
    const written = realWrite(chunk);
    if (chunk.endsWith(': ') && pending.length > 0) {
      const keys = pending.shift()!;
      setImmediate(() => input.write(keys));
    }
    return written;
  }) as typeof output.write;
  return { input, output };
}

describe('password input', () => {
  it('reads a typed password without echoing it, with backspace, in raw mode only while asking', async () => {
    const { input, output } = terminal('secrett\u007f value\r');
    expect(await askHidden('Password: ', input, output)).toBe('secret value');
    expect(output.text).toBe('Password: \n');
    expect(input.rawModes).toEqual([true, false]);
  });

  it('asks twice for a new password and refuses two different ones', async () => {
    const same = terminal('a long passphrase\r', 'a long passphrase\n');
    expect(await newPassword(false, same.input, same.output, 'ana')).toBe('a long passphrase');
    expect(same.output.text).toContain('New password for ana');
    const different = terminal('a long passphrase\r', 'another passphrase\r');
    await expect(newPassword(false, different.input, different.output, 'ana')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The two passwords differ: nothing was changed.',
    });
  });

  it('gives up on Ctrl-C, and without a terminal points at --password-stdin', async () => {
    const { input, output } = terminal('abc\u0003');
    await expect(askHidden('Password: ', input, output)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(input.rawModes).toEqual([true, false]);
    await expect(askHidden('Password: ', Readable.from(['x']), new Capture())).rejects.toThrow(/--password-stdin/);
  });

  it('reads a piped password whole, without the one line ending', async () => {
    expect(await readPasswordFromStdin(Readable.from(['pass word with spaces\n']))).toBe('pass word with spaces');
    expect(await readPasswordFromStdin(Readable.from(['ends with CRLF\r\n']))).toBe('ends with CRLF');
    expect(await readPasswordFromStdin(Readable.from(['two\nlines\n']))).toBe('two\nlines');
  });
});
