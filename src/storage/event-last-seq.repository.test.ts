/** The outbox's newest seq (where a live listener starts), on both dialects. */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';

describeEachDialect('events: the newest seq', ({ store }) => {
  it('is 0 on an empty outbox, then the seq of the last event appended', async () => {
    const before = await store().events.lastSeq();
    expect(before).toBeGreaterThanOrEqual(0);
    const appended = await store().transaction(async (tx) => {
      await tx.events.append({
        type: 'asset.edited',
        subjectType: 'asset',
        subjectId: 'a1',
        actor: 'system:test',
        payload: {},
      });
      return tx.events.append({
        type: 'asset.signed-off',
        subjectType: 'asset',
        subjectId: 'a1',
        actor: 'system:test',
        payload: { decision: 'approve' },
      });
    });
    expect(appended.seq).toBe(before + 2);
    expect(await store().events.lastSeq()).toBe(appended.seq);
    expect(await store().events.after(appended.seq, 10)).toEqual([]);
  });
});
