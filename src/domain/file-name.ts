import { ProvenaError } from './errors.ts';

// C0 and C1 controls, and the line and paragraph separators that break a line as \n does.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const controlChar = new RegExp(controlChars.source, 'g');
/** Unicode format characters (category Cf): bidi controls, zero-width characters, BOM, soft hyphen, tags… */
const formatChar = /\p{Cf}/u;
/** ZWNJ and ZWJ: format characters that Persian, Indic scripts and emoji sequences need. */
const joiners = new Set(['\u200c', '\u200d']);
/** What a joiner may stand between: a visible character outside ASCII (a letter, a virama, an emoji…). */
const joinable = (char: string | undefined): boolean =>
  char !== undefined && char.codePointAt(0)! >= 0x80 && !/[\p{Cf}\p{Cc}\p{Z}]/u.test(char);

/**
 * The first character of the name that renders as nothing or reorders what is around it. Bidi controls make
 * "invoice\u202Egnp.exe" read "invoiceexe.png"; zero-width characters make two different names look the same. A
 * joiner is kept between two visible non-ASCII characters, where writing systems and emoji need it, and refused
 * elsewhere (inside a Latin name it is just an invisible character).
 */
function hiddenCharacter(chars: readonly string[]): { index: number; char: string } | undefined {
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (!formatChar.test(char)) continue;
    if (joiners.has(char) && joinable(chars[index - 1]) && joinable(chars[index + 1])) continue;
    return { index, char };
  }
  return undefined;
}

const codePointName = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A file name as given by a client must be a plain name: it is shown to users and offered back on download, so path
 * parts, control characters (log and header injection), invisible format characters (see hiddenCharacter) and
 * absurd lengths are refused with a precise reason. Refused rather than cleaned up: a name the uploader never sent
 * would be stored and audited, two different names could become one, and the uploader can rename the file once told
 * which character is wrong.
 */
export function checkFileName(name: string): string {
  const problem = fileNameProblem(name);
  if (problem)
    throw new ProvenaError('INVALID_FILE_NAME', `The file name ${JSON.stringify(name)} ${problem}.`, {
      fileName: name,
      problem,
    });
  return name.normalize('NFC');
}

function fileNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'is empty';
  if (controlChars.test(name)) return 'contains control characters';
  const hidden = hiddenCharacter([...name]);
  if (hidden)
    return `contains the invisible formatting character ${codePointName(hidden.char)}, which can disguise how the name reads; remove it`;
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator; send the bare file name';
  if (name === '.' || name === '..') return 'is a directory reference';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'is longer than 255 bytes';
  return undefined;
}

/**
 * The name to show or offer for download: every character checkFileName refuses becomes "_". Names stored before a
 * rule existed cannot be refused any more, but they must not disguise the file when it is saved.
 */
export function displayFileName(name: string): string {
  const chars = [...name.replace(controlChar, '_')];
  for (let hidden = hiddenCharacter(chars); hidden; hidden = hiddenCharacter(chars)) chars[hidden.index] = '_';
  return chars.join('');
}
