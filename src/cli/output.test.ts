import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nextPageHint, shellWord } from './output.ts';

/** What a POSIX shell makes of the words after `printf '%s\n'`. */
const shellSplit = (line: string): string[] =>
  execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, -1);

describe('nextPageHint', () => {
  it('repeats the filters that were given, quoted for the shell, and the cursor', () => {
    const hint = nextPageHint(
      'ls',
      [
        ['--status', 'approved'],
        ['--campaign', "Summer '26 Launch"],
        ['--team', undefined],
        ['--colour', '#ff6600'],
        ['--q', 'a*b $HOME ~x'],
      ],
      'YWJj',
    );
    expect(hint.startsWith('more: provena ls ')).toBe(true);
    expect(shellSplit(hint.slice('more: provena ls '.length))).toEqual([
      '--status',
      'approved',
      '--campaign',
      "Summer '26 Launch",
      '--colour',
      '#ff6600',
      '--q',
      'a*b $HOME ~x',
      '--cursor',
      'YWJj',
    ]);
  });

  it('leaves plain words bare', () => {
    expect(shellWord('image/png')).toBe('image/png');
    expect(shellWord('0.25')).toBe('0.25');
    expect(shellWord('#fff')).toBe(`'#fff'`);
    expect(shellWord('')).toBe(`''`);
  });
});
