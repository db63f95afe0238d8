/** Errors shared by the metadata writers: a damaged input file, or a value that cannot be written as asked. */
import { ProvenaError } from '../../domain/errors.ts';

export const corruptFile = (container: string, problem: string, details: Record<string, unknown> = {}): ProvenaError =>
  new ProvenaError('CORRUPT_FILE', `Cannot write metadata: the ${container} file is damaged (${problem}).`, {
    container,
    problem,
    ...details,
  });

export const invalidValue = (field: string, problem: string): ProvenaError =>
  new ProvenaError('VALIDATION_FAILED', `${field}: ${problem}`, { problems: [{ field, problem }] });

/** Concatenates byte arrays without the intermediate copies of repeated spreading. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const latin1Bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

export const isLatin1 = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
};
