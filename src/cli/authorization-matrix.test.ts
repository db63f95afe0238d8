/**
 * The authorisation matrix of the command line: every command × every role (acting with `--token`, as over the API)
 * × a subject of the caller's own team and of another team, and the local operator (no --as or --token: above the
 * role model, decision 0016) — expected answers from the same role model and the same rules as the API's matrix
 * (test/authorization.ts), on both dialects. A command without a rule fails the test. The commands run in process
 * over one runtime; main/cli-services.ts's cliContext turns --token into the user's context, as the binary does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { roles } from '../domain/access.ts';
import { requestableTransitions, transitions } from '../domain/workflow.ts';
import { cliContext } from '../main/cli-services.ts';
import {
  expectedFor,
  fieldsFor,
  matrixFixtures,
  ownOrManage,
  uniquePng,
  type Expected,
  type MatrixRule,
  type Subjects,
} from '../../test/authorization.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { buildProgram } from './program.ts';

interface CommandRule extends MatrixRule {
  /** A person's act (a claim, a sign-off): the local operator, who is nobody in particular, is refused it. */
  personal?: boolean;
  /** A command that reports per item (bulk ingest, enrichment): its first item's error is read from --json. */
  perItem?: boolean;
  /** For a list: whether the subject is in the command's JSON output. */
  listed?: (stdout: string, s: Subjects) => Promise<boolean>;
  args(s: Subjects): Promise<string[]> | string[];
}

const scratch = mkdtempSync(join(tmpdir(), 'provena-cli-matrix-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let made = 0;
/** A fresh PNG on disk. */
async function pngFile(): Promise<string> {
  made += 1;
  const file = join(scratch, `c-${made}.png`);
  writeFileSync(file, await uniquePng(2_000_000 + made));
  return file;
}
/** A preset file for `presets set` (a new name each time). */
let presetsMade = 0;
function presetFile(): string {
  const file = join(scratch, `preset-${++presetsMade}.json`);
  writeFileSync(file, JSON.stringify({ name: `matrix-cli-${presetsMade}`, format: 'webp', width: 320 }));
  return file;
}

/** A risk policy document on disk. */
function policyFile(): string {
  const file = join(scratch, 'policy.json');
  writeFileSync(file, JSON.stringify({ defaultTier: 1, rules: [] }));
  return file;
}
/** A brand guideline on disk, for the brand made before the calls (it applies to no team of the matrix). */
const matrixGuideline = {
  brand: { name: 'Matrix' },
  appliesTo: { teams: ['No team of the matrix'] },
  rules: [{ id: 'no-artists', type: 'prompt', forbidden: ['picasso'] }],
};
function guidelineFile(): string {
  const file = join(scratch, 'guideline.json');
  writeFileSync(file, JSON.stringify(matrixGuideline));
  return file;
}
const flagsFor = (teamName: string) =>
  Object.entries(fieldsFor(teamName)).flatMap(([field, value]) => [
    `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    value,
  ]);
const id = async (s: Subjects) => (await s.asset()).id;
const jsonIds = (stdout: string) => (JSON.parse(stdout) as { items: { id: string }[] }).items.map((item) => item.id);

const commands: Record<string, CommandRule> = {
  ingest: {
    needs: 'asset:create',
    denial: 'forbidden',
    perItem: true,
    args: async (s) => ['ingest', await pngFile(), ...flagsFor(s.teamName), '--json'],
  },
  show: { needs: 'asset:read', args: async (s) => ['show', await id(s), '--json'] },
  ls: {
    needs: 'asset:read',
    lists: true,
    listed: async (stdout, s) => jsonIds(stdout).includes(await id(s)),
    args: async (s) => ['ls', '--q', (await s.asset()).title, '--json'],
  },
  doctor: { needs: 'storage:maintain', args: () => ['doctor', '--json'] },
  search: {
    needs: 'asset:read',
    lists: true,
    // A fresh asset: a shared one may have been renamed by an earlier rule.
    fresh: true,
    listed: async (stdout, s) =>
      (JSON.parse(stdout) as { items: { asset: { id: string } }[] }).items
        .map((item) => item.asset.id)
        .includes(await id(s)),
    args: async (s) => ['search', `title:"${(await s.asset()).title}"`, '--limit', '200', '--json'],
  },
  'search rebuild': { needs: 'storage:maintain', args: () => ['search', 'rebuild'] },
  'saved-search save': {
    needs: 'collection:manage',
    denial: 'forbidden',
    args: (s) => ['saved-search', 'save', `Matrix ${++made}`, 'sunset', '--team', s.teamId],
  },
  'saved-search list': {
    needs: 'asset:read',
    lists: true,
    listed: async (stdout, s) => jsonIds(stdout).includes(await s.savedSearch()),
    args: async (s) => (await s.savedSearch(), ['saved-search', 'list', '--limit', '200', '--json']),
  },
  'audit verify': { needs: 'audit:read', args: () => ['audit', 'verify', '--json'] },
  'jobs list': { needs: 'jobs:manage', args: () => ['jobs', 'list', '--json'] },
  'jobs retry': { needs: 'jobs:manage', args: async (s) => ['jobs', 'retry', await s.job()] },
  'jobs cancel': { needs: 'jobs:manage', fresh: true, args: async (s) => ['jobs', 'cancel', await s.job()] },
  ...Object.fromEntries(
    requestableTransitions.map((name): [string, CommandRule] => [
      `asset transition · ${name}`,
      {
        needs: transitions[name].permission!,
        fresh: true,
        status: transitions[name].from[0]!,
        args: async (s) => ['asset', 'transition', await id(s), name, '--reason', 'the matrix asks'],
      },
    ]),
  ),
  'asset add-version': {
    needs: 'asset:create',
    fresh: true,
    args: async (s) => ['asset', 'add-version', await id(s), await pngFile()],
  },
  'asset revert': { needs: 'asset:create', fresh: true, args: async (s) => ['asset', 'revert', await id(s), '1'] },
  'asset edit': {
    needs: 'asset:edit',
    args: async (s) => ['asset', 'edit', await id(s), '--title', `Renamed ${++made}`],
  },
  'asset delete': { needs: 'asset:delete', fresh: true, args: async (s) => ['asset', 'delete', await id(s)] },
  'asset restore': {
    needs: 'asset:restore',
    denial: 'forbidden',
    args: async (s) => ['asset', 'restore', await id(s)],
  },
  purge: { needs: 'asset:restore', args: () => ['purge', '--dry-run', '--json'] },
  enrich: {
    needs: 'asset:edit',
    perItem: true,
    args: async (s) => ['enrich', await id(s), '--now', '--only', 'hashes', '--json'],
  },
  'family list': {
    needs: 'asset:read',
    lists: true,
    listed: async (stdout, s) => jsonIds(stdout).includes(await s.family()),
    args: async (s) => (await s.family(), ['family', 'list', '--limit', '200', '--json']),
  },
  'family show': { needs: 'asset:read', args: async (s) => ['family', 'show', await s.family(), '--json'] },
  'family confirm': { needs: 'family:manage', fresh: true, args: async (s) => ['family', 'confirm', await s.family()] },
  'family split': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'split', await s.family(), await id(s)],
  },
  'family merge': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'merge', await s.family(), await s.family('second')],
  },
  'family move': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'move', await id(s), await s.family()],
  },
  'family remove': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'remove', await s.family(), await id(s)],
  },
  'family canonical': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'canonical', await s.family(), await id(s)],
  },
  'family deprecate-rest': {
    needs: 'family:manage',
    fresh: true,
    args: async (s) => ['family', 'deprecate-rest', await s.family()],
  },
  'users create-admin': {
    needs: 'users:manage',
    args: () => ['users', 'create-admin', `first-${++made}`, '--password-stdin'],
  },
  'users setup-token': { needs: 'users:manage', args: () => ['users', 'setup-token', '--json'] },
  'users create': { needs: 'users:manage', args: () => ['users', 'create', `made-${++made}`] },
  'users list': { needs: 'users:manage', args: () => ['users', 'list', '--json'] },
  'users show': { needs: ownOrManage, args: async (s) => ['users', 'show', await s.username(), '--json'] },
  'users disable': { needs: 'users:manage', fresh: true, args: async (s) => ['users', 'disable', await s.username()] },
  'users enable': { needs: 'users:manage', args: async (s) => ['users', 'enable', await s.username()] },
  'users set-password': {
    needs: ownOrManage,
    args: async (s) => ['users', 'set-password', await s.username(), '--password-stdin'],
  },
  'users grant': {
    needs: 'users:manage',
    args: async (s) => ['users', 'grant', await s.username(), 'viewer', '--team', s.teamId],
  },
  'users revoke': {
    needs: 'users:manage',
    args: async (s) => ['users', 'revoke', await s.username(), 'publisher', '--team', s.teamId],
  },
  'teams create': { needs: 'users:manage', args: () => ['teams', 'create', `CLI matrix team ${++made}`] },
  'teams list': { needs: 'signed-in', args: () => ['teams', 'list', '--json'] },
  'teams members': { needs: ownOrManage, args: (s) => ['teams', 'members', s.teamId, '--json'] },
  'tokens create': { needs: 'signed-in', args: () => ['tokens', 'create', '--name', 'matrix', '--scope', 'read'] },
  'tokens list': { needs: 'signed-in', args: () => ['tokens', 'list', '--json'] },
  'tokens revoke': { needs: ownOrManage, fresh: true, args: async (s) => ['tokens', 'revoke', await s.tokenId()] },
  'sessions list': { needs: ownOrManage, args: async (s) => ['sessions', 'list', await s.username(), '--json'] },
  'sessions revoke': { needs: ownOrManage, args: async (s) => ['sessions', 'revoke', await s.username()] },
  'policy show': { needs: 'signed-in', args: () => ['policy', 'show', '--json'] },
  'policy history': { needs: 'signed-in', args: () => ['policy', 'history', '--json'] },
  'policy check': { needs: 'signed-in', args: () => ['policy', 'check', policyFile()] },
  'policy set': { needs: 'policy:edit', args: () => ['policy', 'set', policyFile(), '--json'] },
  'policy preview': { needs: 'policy:edit', args: () => ['policy', 'preview', policyFile(), '--json'] },
  'review queue': { needs: 'signed-in', args: () => ['review', 'queue', '--json'] },
  'review counts': { needs: 'signed-in', args: () => ['review', 'counts', '--json'] },
  'review status': { needs: 'asset:read', args: async (s) => ['review', 'status', await id(s), '--json'] },
  'review claim': {
    needs: 'review:tier1',
    status: 'in_review',
    fresh: true,
    personal: true,
    args: async (s) => ['review', 'claim', await id(s)],
  },
  'review release': { needs: 'asset:read', status: 'in_review', args: async (s) => ['review', 'release', await id(s)] },
  ...Object.fromEntries(
    (['approve', 'reject', 'request-changes'] as const).map((decision): [string, CommandRule] => [
      `review ${decision}`,
      {
        needs: 'review:tier1',
        status: 'in_review',
        fresh: true,
        personal: true,
        args: async (s) => ['review', decision, await id(s), '--reason', 'the matrix asks'],
      },
    ]),
  ),
  'review comment': { needs: 'review:comment', args: async (s) => ['review', 'comment', await id(s), 'a note'] },
  'review comments': { needs: 'asset:read', args: async (s) => ['review', 'comments', await id(s), '--json'] },
  'review family': { needs: 'family:manage', fresh: true, args: async (s) => ['review', 'family', await s.family()] },
  'brand create': { needs: 'brand:manage', args: () => ['brand', 'create', `CLI matrix brand ${++made}`] },
  'brand list': { needs: 'signed-in', args: () => ['brand', 'list', '--json'] },
  'brand import': {
    needs: 'brand:manage',
    args: () => ['brand', 'import', guidelineFile(), '--brand', 'matrix', '--json'],
  },
  'brand export': { needs: 'signed-in', args: () => ['brand', 'export', 'matrix', '--format', 'yaml'] },
  'brand versions': { needs: 'signed-in', args: () => ['brand', 'versions', 'matrix', '--json'] },
  'brand logo add': {
    needs: 'brand:manage',
    args: async () => ['brand', 'logo', 'add', await pngFile(), '--brand', 'matrix', '--name', `logo-${++made}`],
  },
  check: { needs: 'brand:check', args: async (s) => ['check', await id(s), '--json'] },
  // Collections: the caller's own on their team, the operator's on another (hidden from all but admins).
  'collection create': {
    needs: 'collection:manage',
    denial: 'forbidden',
    args: (s) => ['collection', 'create', `Matrix ${++made}`, '--team', s.teamId, '--json'],
  },
  'collection list': {
    needs: 'asset:read',
    lists: true,
    listed: async (stdout, s) => jsonIds(stdout).includes(await s.collection()),
    args: async (s) => (await s.collection(), ['collection', 'list', '--limit', '200', '--json']),
  },
  'collection show': {
    needs: 'collection:manage',
    args: async (s) => ['collection', 'show', await s.collection(), '--json'],
  },
  'collection add': {
    needs: 'collection:manage',
    args: async (s) => ['collection', 'add', await s.collection(), await id(s)],
  },
  'collection remove': {
    needs: 'collection:manage',
    fresh: true,
    args: async (s) => ['collection', 'remove', await s.collection(), await id(s)],
  },
  'collection move': {
    needs: 'collection:manage',
    args: async (s) => ['collection', 'move', await s.collection(), await id(s), '--position', '1'],
  },
  'collection rename': {
    needs: 'collection:manage',
    args: async (s) => ['collection', 'rename', await s.collection(), `Renamed ${++made}`],
  },
  'collection share': { needs: 'collection:manage', args: async (s) => ['collection', 'share', await s.collection()] },
  'collection delete': {
    needs: 'collection:manage',
    fresh: true,
    args: async (s) => ['collection', 'delete', await s.collection()],
  },
  'share create': {
    needs: 'share:manage',
    args: async (s) => ['share', 'create', await id(s), '--expires', '7d', '--channel', 'web'],
  },
  'share list': { needs: 'signed-in', args: () => ['share', 'list'] },
  'share revoke': { needs: 'share:manage', args: async (s) => ['share', 'revoke', await s.shareLink()] },
  'share stats': { needs: 'share:manage', args: async (s) => ['share', 'stats', await s.shareLink()] },
  'rights show': { needs: 'asset:read', args: async (s) => ['rights', 'show', await id(s), '--json'] },
  'rights set': { needs: 'rights:edit', args: async (s) => ['rights', 'set', await id(s), '--status', 'pending'] },
  'rights history': { needs: 'asset:read', args: async (s) => ['rights', 'history', await id(s)] },
  'rights check': {
    needs: 'asset:read',
    args: async (s) => ['rights', 'check', await id(s), '--channel', 'internal'],
  },
  'channels list': { needs: 'signed-in', args: () => ['channels', 'list'] },
  'channels add': { needs: 'channels:manage', args: () => ['channels', 'add', `matrix-cli-${++made}`] },
  'channels remove': { needs: 'channels:manage', args: () => ['channels', 'remove', 'no-such-channel'] },
  'presets list': { needs: 'signed-in', args: () => ['presets', 'list', '--json'] },
  'presets set': { needs: 'presets:manage', args: () => ['presets', 'set', '--file', presetFile()] },
  'presets delete': { needs: 'presets:manage', args: () => ['presets', 'delete', 'no-such-preset'] },
  export: {
    needs: 'asset:read',
    args: async (s) => [
      'export',
      await id(s),
      '--preset',
      'thumbnail-400',
      '--channel',
      'internal',
      '--out',
      mkdtempSync(join(scratch, 'export-')),
    ],
  },
};

/** The commands a person runs (serve and worker start processes: they act as the system, not as a caller). */
function leafCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    // A command with subcommands that also runs itself (`search <query>`, `search rebuild`) is one too.
    const runsItself = sub.commands.length === 0 || sub.registeredArguments.length > 0;
    return [...(runsItself ? [path.join(' ')] : []), ...leafCommands(sub, path)];
  });
}
const processRoles = new Set(['serve', 'worker']);

/** The error a command printed (`error CODE: message`), if any. */
function errorOf(stderr: string): { code?: string; message: string } {
  const match = /^error (\S+): (.*)$/m.exec(stderr);
  return match ? { code: match[1]!, message: match[2]! } : { message: '' };
}
/** The error of the first item a per-item command reported in --json. */
function firstItemError(stdout: string): { code?: string; message: string } {
  const first = JSON.parse(stdout.trim().split('\n')[0] ?? '{}') as { error?: { code: string; message: string } };
  return first.error ?? { message: '' };
}

afterEach(() => {
  process.exitCode = undefined;
});

for (const dialect of dialects) {
  describeDialect(dialect, `command-line authorisation matrix [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' }, { anonymous: true });
    const fixtures = matrixFixtures(() => t.rt);
    beforeAll(async () => {
      await t.rt.brands.createBrand(operator, { name: 'Matrix' });
      await t.rt.brands.importGuideline(operator, 'matrix', { value: matrixGuideline });
    });

    /** Runs `provena <args>` in process over the test runtime (closing it is the test app's business). */
    const provena = (args: string[]) =>
      runInProcess(
        args,
        async (_config, actingAs = {}) => ({
          ...t.rt,
          ctx: await cliContext(t.rt.identity, actingAs, operator),
          close: () => Promise.resolve(),
        }),
        'a long enough new password\n',
      );

    it('has a rule for every command, and none for a command that does not exist', () => {
      const program = buildProgram({
        openServices: () => Promise.reject(new Error('not opened')),
        serve: () => Promise.reject(new Error('not here')),
        work: () => Promise.reject(new Error('not here')),
        version: '0.0.0-test',
      });
      const leaves = leafCommands(program).filter((c) => !processRoles.has(c));
      const ruled = new Set(Object.keys(commands).map((key) => key.split(' · ')[0]!));
      expect(leaves.filter((c) => !ruled.has(c))).toEqual([]);
      expect([...ruled].filter((c) => !leaves.includes(c))).toEqual([]);
    });

    it('answers every role acting by token, on its own team and another, and the local operator, as the table says', async () => {
      await fixtures.setUp(`${dialect} cli`);
      const mismatches: string[] = [];
      for (const [key, rule] of Object.entries(commands)) {
        for (const caller of ['operator', ...roles] as const) {
          for (const relation of ['own', 'other'] as const) {
            // The local operator is above the role model: everything is allowed (lists show everything).
            const expected: Expected =
              caller !== 'operator'
                ? expectedFor(caller, relation, rule)
                : rule.personal
                  ? 403
                  : rule.lists
                    ? 'present'
                    : 'allowed';
            const permitted = expected === 'allowed' || expected === 'present';
            const subjects = fixtures.subjectsFor(
              rule,
              caller === 'operator' ? 'anonymous' : caller,
              relation,
              rule.fresh === true && permitted,
            );
            const args = await rule.args(subjects);
            const token = caller === 'operator' ? [] : ['--token', fixtures.callers.get(caller)!.token];
            const { out, err, code, thrown } = await provena([...token, ...args]);
            if (thrown) throw new Error(`${key}: ${thrown.message}`);
            const { code: errorCode, message } = rule.perItem && code !== 0 ? firstItemError(out) : errorOf(err);
            const hidden =
              errorCode === 'NOT_FOUND' &&
              /^(Asset|Family|Collection|Saved search|Share link) \S+ does not exist\.$/.test(message);
            const actual: Expected =
              errorCode === 'FORBIDDEN'
                ? 403
                : hidden
                  ? 404
                  : rule.listed && code === 0
                    ? (await rule.listed(out, subjects))
                      ? 'present'
                      : 'absent'
                    : 'allowed';
            if (actual !== expected)
              mismatches.push(
                `${key} as ${caller} on ${relation}: expected ${expected}, got exit ${code} ${err.trim()}`,
              );
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });
}
