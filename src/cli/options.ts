/** Option values as commander delivers them (text) → checked numbers; a bad value is VALIDATION_FAILED naming the flag. */
import { ProvenaError, validationFailed } from '../domain/errors.ts';

/** A count such as --limit or --concurrency: a whole number from 1 to `max`. */
export function wholeNumberOption(flag: string, text: unknown, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new ProvenaError('VALIDATION_FAILED', `${flag} must be a whole number from 1 to ${max}.`);
  return value;
}

/** A numeric option's text as a number; the service checks its range. */
export function numberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw validationFailed([{ field: flag, problem: 'not a number' }]);
  return value;
}
