/**
 * Passwords for the CLI: asked on the terminal without echo, or read from standard input (--password-stdin) for
 * scripts. Never taken as an argument: a command line is visible to every user of the machine (ps) and kept in shell
 * history.
 */
import { ProvenaError } from '../domain/errors.ts';

/** Standard input as the CLI sees it: a terminal (raw mode for typing without echo) or a pipe. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Everything on standard input, without the one line ending a `echo … |` or a file adds. */
export async function readPasswordFromStdin(input: Input): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed; Ctrl-C or Ctrl-D gives up. */
export function askHidden(prompt: string, input: Input, output: NodeJS.WritableStream): Promise<string> {
  if (!input.isTTY || !input.setRawMode)
    return Promise.reject(
      new ProvenaError(
        'VALIDATION_FAILED',
        'No terminal to ask for the password on: pipe it in with --password-stdin (echo "$PASSWORD" | provena …).',
      ),
    );
  const setRawMode = input.setRawMode.bind(input);
  output.write(prompt);
  setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      setRawMode(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(() => resolve(typed));
        if (char === '\u0003' || char === '\u0004')
          return finish(() => reject(new ProvenaError('VALIDATION_FAILED', 'No password given.')));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** A new password: from standard input when asked to, otherwise typed twice on the terminal. */
export async function newPassword(
  fromStdin: boolean,
  input: Input,
  output: NodeJS.WritableStream,
  whose: string,
): Promise<string> {
  if (fromStdin) return readPasswordFromStdin(input);
  const first = await askHidden(`New password for ${whose} (at least 12 characters): `, input, output);
  const second = await askHidden('Again, to be sure: ', input, output);
  if (first !== second) throw new ProvenaError('VALIDATION_FAILED', 'The two passwords differ: nothing was changed.');
  return first;
}
