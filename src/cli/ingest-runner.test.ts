import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProvenaError } from '../domain/errors.ts';
import type { IntakeResult } from '../services/intake.service.ts';
import { ingestAll } from './ingest-runner.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Just enough of an intake result for the report. */
const result = (status: IntakeResult['status'], reasons: IntakeResult['asset']['quarantineReasons'] = []) =>
  ({
    status,
    asset: { id: `id-${status}`, quarantineReasons: reasons },
    filledFromFile: {},
    provenance: { aiInvolvement: 'unknown', dstSources: [] },
  }) as unknown as IntakeResult;

describe('ingestAll without a terminal', () => {
  it('names every quarantined and failed file with its reasons, then the counts', async () => {
    const out = new Capture();
    const err = new Capture();
    const outcomes: Record<string, () => Promise<IntakeResult>> = {
      'drop/ok.png': () => Promise.resolve(result('created')),
      'drop/half.png': () =>
        Promise.resolve(
          result('quarantined', [
            { code: 'MISSING_FIELD', field: 'prompt', message: 'no prompt or brief was given' },
            { code: 'MISSING_FIELD', field: 'team', message: 'no team was given' },
          ]),
        ),
      'drop/liar.png': () => Promise.reject(new ProvenaError('FILE_TYPE_MISMATCH', 'liar.png holds a JPEG.')),
    };
    const report = await ingestAll({
      files: Object.keys(outcomes),
      itemFor: (file) => Promise.resolve({ file, fields: {} }),
      intake: (item) => outcomes[item.file]!(),
      concurrency: 1,
      json: false,
      out,
      err,
    });
    expect(report).toEqual({ created: 1, quarantined: 1, duplicate: 0, failed: 1 });
    expect(out.text).toContain(
      'quarantined drop/half.png: prompt: no prompt or brief was given; team: no team was given',
    );
    expect(out.text).not.toContain('ok.png');
    expect(err.text).toContain('failed drop/liar.png: FILE_TYPE_MISMATCH: liar.png holds a JPEG.');
    expect(out.text).toContain('3 file(s): 1 created, 1 quarantined, 0 duplicate, 1 failed');
  });
});
