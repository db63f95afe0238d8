/** The error a promise rejects with, for tests that look at its code, message and details; a resolve fails the test. */
import type { ProvenaError } from '../src/domain/errors.ts';

export async function failure(promise: Promise<unknown>): Promise<ProvenaError> {
  try {
    await promise;
  } catch (error) {
    return error as ProvenaError;
  }
  throw new Error('expected a failure');
}
