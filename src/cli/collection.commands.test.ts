/**
 * The saved-search commands (`saved-search save`, `saved-search list`) in process over a real runtime (SQLite), attached to a
 * `saved-search` command made here as src/cli/search.commands.ts makes its own; the service's rules are tested on both
 * dialects beside it.
 */
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Capture, throwingInsteadOfExiting } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { RequestContext } from '../domain/access.ts';
import { addSavedSearchCommands, type CollectionCliServices } from './collection.commands.ts';
import { serviceRunner } from './command-runner.ts';

describe('provena saved-search save | list', () => {
  let rt: TestRuntime;
  let viewer: RequestContext;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
    const team = await rt.identity.createTeam(operator, 'cli searches');
    const account = await rt.identity.createUser(operator, {
      username: 'vera',
      memberships: [{ teamId: team.id, role: 'viewer' }],
    });
    viewer = await rt.identity.contextOf(account.id);
  });
  afterAll(async () => rt?.dispose());
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(ctx: RequestContext, ...args: string[]) {
    const out = new Capture();
    const err = new Capture();
    const program = new Command('provena');
    const withServices = serviceRunner<CollectionCliServices & { close(): Promise<void> }>(
      () => Promise.resolve({ ...rt, ctx, close: () => Promise.resolve() }),
      err,
    );
    addSavedSearchCommands(program.command('saved-search'), withServices, out);
    throwingInsteadOfExiting(program);
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return { out: out.text, err: err.text, code: Number(process.exitCode ?? 0) };
  }

  it('saves a query under a name and lists it, as a table and as JSON', async () => {
    const saved = await run(viewer, 'saved-search', 'save', 'Sunsets', 'sunset -tag:people status:approved');
    expect(saved.code).toBe(0);
    expect(saved.out).toMatch(/^saved "Sunsets" \(\S+\): sunset -tag:people status:approved\n$/);
    const shared = await run(viewer, 'saved-search', 'save', 'Beach', 'beach', '--share', '--json');
    expect(JSON.parse(shared.out)).toMatchObject({ name: 'Beach', visibility: 'team', owner: 'user:vera' });
    const table = await run(viewer, 'saved-search', 'list');
    expect(table.out).toMatch(/NAME\s+QUERY/);
    expect(table.out).toContain('sunset -tag:people status:approved');
    const json = JSON.parse((await run(viewer, 'saved-search', 'list', '--json')).out) as { items: { name: string }[] };
    expect(json.items.map((s) => s.name)).toEqual(['Beach', 'Sunsets']);
  });

  it('refuses a query that does not parse, a taken name and a bad limit, with the exit code of the error', async () => {
    const unbalanced = await run(viewer, 'saved-search', 'save', 'Broken', 'model:"sdxl');
    expect(unbalanced.code).toBe(65);
    expect(unbalanced.err).toContain('QUERY_INVALID');
    expect(unbalanced.err).toMatch(/column \d+/);
    await run(viewer, 'saved-search', 'save', 'Taken', 'cat');
    const taken = await run(viewer, 'saved-search', 'save', 'taken', 'dog');
    expect(taken.err).toContain('CONFLICT');
    expect(taken.code).not.toBe(0);
    expect((await run(viewer, 'saved-search', 'list', '--limit', '0')).code).toBe(65);
    // The operator is on no team: the team must be named.
    const noTeam = await run(operator, 'saved-search', 'save', 'Ops', 'cat');
    expect(noTeam.code).toBe(65);
    expect(noTeam.err).toContain('team');
  });
});
