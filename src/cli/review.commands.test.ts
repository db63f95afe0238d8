/**
 * `provena review …` in process over a real runtime (SQLite): the commands are thin, so one dialect shows what they
 * print and which exit code a refusal gives; the service's rules are tested on both dialects beside it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../domain/access.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { CliServices } from './program.ts';
import { parseRegion } from './review.commands.ts';

describe('provena review', () => {
  let rt: TestRuntime;
  let teamId: string;
  let reviewer: RequestContext;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
    teamId = (await rt.identity.createTeam(operator, 'cli review')).id;
    const account = await rt.identity.createUser(operator, {
      username: 'rita',
      memberships: [{ teamId, role: 'reviewer' }],
    });
    reviewer = await rt.identity.contextOf(account.id);
  });
  afterAll(async () => rt?.dispose());
  afterEach(() => {
    process.exitCode = undefined;
  });

  const run = async (ctx: RequestContext, ...args: string[]) => {
    const { out, err, code, thrown } = await runInProcess(args, () =>
      Promise.resolve({ ...rt, ctx, close: () => Promise.resolve() } as CliServices),
    );
    if (thrown !== undefined) throw thrown;
    return { out, err, exitCode: code };
  };

  const inReview = async () =>
    (
      await addStoredAsset(rt.store, {
        title: 'poster',
        teamId,
        status: 'in_review',
        rightsStatus: 'cleared',
        createdBy: 'operator:intake',
      })
    ).assetId;

  it('lists the queue, comments on a region, claims and approves', async () => {
    const id = await inReview();
    const queue = await run(reviewer, 'review', 'queue');
    expect(queue.out).toContain(id);
    expect(queue.out).toMatch(/TIER\s+AS/);
    const json = await run(reviewer, 'review', 'queue', '--json', '--tier', '1');
    expect(JSON.parse(json.out)).toMatchObject({ items: [{ assetId: id, roles: ['reviewer'] }] });

    const comment = await run(reviewer, 'review', 'comment', id, 'crop the logo', '--region', '0.1,0.1,0.5,0.5');
    expect(comment.out).toMatch(/^comment \S+ on version 1\n$/);
    const bad = await run(reviewer, 'review', 'comment', id, 'x', '--region', '0.1,0.1,0.5');
    expect(bad.exitCode).toBe(65);
    expect(bad.err).toContain('--region');
    expect((await run(reviewer, 'review', 'comments', id)).out).toContain('user:rita [0.1,0.1 0.5×0.5]: crop the logo');

    expect((await run(reviewer, 'review', 'claim', id)).out).toContain(`asset ${id} claimed until`);
    const reject = await run(reviewer, 'review', 'reject', id);
    expect(reject.exitCode).toBe(65);
    expect(reject.err).toContain('reason');
    const approve = await run(reviewer, 'review', 'approve', id, '--version-number', '1');
    expect(approve.out).toBe(`asset ${id} version 1: approve as reviewer; in_review → approved\n`);
    expect((await run(reviewer, 'review', 'status', id)).out).toContain('approve as reviewer by rita');
  });

  it('refuses the local operator a sign-off: it is a person’s', async () => {
    const id = await inReview();
    const refused = await run(operator, 'review', 'approve', id);
    expect(refused.exitCode).toBe(77);
    expect(refused.err).toContain('operator:tester cannot sign off');
  });

  it('reads a region as four fractions', () => {
    expect(parseRegion('0, 0.25,0.5,1')).toEqual({ x: 0, y: 0.25, w: 0.5, h: 1 });
    expect(() => parseRegion('a,b,c,d')).toThrow(/x,y,w,h/);
    expect(() => parseRegion('0,0,,1')).toThrow(/x,y,w,h/);
  });
});
