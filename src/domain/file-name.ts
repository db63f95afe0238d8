import { ProvenaError } from './errors.ts';

// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A file name as given by a client must be a plain name: it is shown to users and offered back on download, so path
 * parts, control characters (log and header injection) and absurd lengths are refused with a precise reason.
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
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator; send the bare file name';
  if (name === '.' || name === '..') return 'is a directory reference';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'is longer than 255 bytes';
  return undefined;
}
