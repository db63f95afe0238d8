/** What a call came to, for tests that compare many: 'ok', or the error code it was refused with. */
import { isProvenaError } from '../src/domain/errors.ts';

/** 'ok' when `run` resolves, the ProvenaError code when it rejects with one; anything else is rethrown. */
export async function outcome(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (error) {
    if (isProvenaError(error)) return error.code;
    throw error;
  }
}
