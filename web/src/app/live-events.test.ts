import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateForChanges } from './live-events.ts';

describe('invalidateForChanges', () => {
  it('marks stale the review, asset-list and job queries and the changed asset, and nothing else', () => {
    const client = new QueryClient();
    const keys = [
      ['review', 'queue', {}],
      ['assets', 'quarantined'],
      ['jobs', 'stats'],
      ['asset', 'a1'],
      ['asset', 'a2'],
      ['tokens', 'mine'],
      ['session'],
    ];
    for (const key of keys) client.setQueryData(key, { any: 'data' });
    invalidateForChanges(client, [{ subjectType: 'asset', subjectId: 'a1' }]);
    const stale = keys.filter((key) => client.getQueryState(key)?.isInvalidated).map((key) => JSON.stringify(key));
    expect(stale).toEqual(['["review","queue",{}]', '["assets","quarantined"]', '["jobs","stats"]', '["asset","a1"]']);
  });
});
