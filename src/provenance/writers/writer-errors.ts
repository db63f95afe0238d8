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
