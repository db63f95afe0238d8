/**
 * `provena users|teams|tokens|sessions …`, and the global `--as <username>` / `--token <pvt_…>` (env PROVENA_TOKEN).
 * Without them a command acts as the local operator; with them the services are opened as that user and authorise
 * every call exactly as the API would (main/cli-services.ts decides, where the services are opened). Added to the
 * program by buildProgram.
 */
import { Argument, Option, type Command } from 'commander';
import { allTeams, roles, tokenScopes, type Membership, type RequestContext, type Role } from '../domain/access.ts';
import type { Team } from '../domain/asset.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { AccountWithMemberships, ApiToken, StoredSession } from '../domain/identity.ts';
import type { IdentityService } from '../services/identity.service.ts';
import type { WithServices } from './command-runner.ts';
import { wholeNumberOption } from './options.ts';
import { newPassword, type Input } from './password-input.ts';
import { nextPageHint, table } from './output.ts';

export interface IdentityCliServices {
  /** Who the command acts as: the local operator, or the user of --as / --token. */
  ctx: RequestContext;
  identity: IdentityService;
}

/** Whom a command acts as, from the global options: nobody named means the local operator. */
export interface ActingAs {
  as?: string;
  token?: string;
}

/** The --as and --token of a command (the token also from PROVENA_TOKEN). */
export function actingAsOf(command: Command): ActingAs {
  const { as, token } = command.optsWithGlobals<{ as?: string; token?: string }>();
  return { ...(as !== undefined ? { as } : {}), ...(token !== undefined ? { token } : {}) };
}

export interface CliStreams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  stdin: Input;
}

const membershipText = (m: Membership, teams: ReadonlyMap<string, string>) =>
  `${m.role}@${m.teamId === allTeams ? 'all teams' : (teams.get(m.teamId) ?? m.teamId)}`;

function describeUser(user: AccountWithMemberships, teams: ReadonlyMap<string, string>): string {
  return [
    `user ${user.username} (${user.displayName})${user.disabled ? ' — DISABLED' : ''}`,
    `  id:          ${user.id}`,
    ...(user.email ? [`  email:       ${user.email}`] : []),
    `  signs in:    ${user.source === 'local' ? 'with a password' : 'through OpenID Connect'}`,
    `  created:     ${user.createdAt}`,
    `  roles:       ${user.memberships.map((m) => membershipText(m, teams)).join(', ') || '(none)'}`,
    '',
  ].join('\n');
}

const tokenTable = (tokens: readonly ApiToken[]) =>
  table(
    [
      ['ID', 'NAME', 'SCOPES', 'EXPIRES', 'LAST USED', 'REVOKED'],
      ...tokens.map((t) => [
        t.id,
        t.name,
        t.scopes.join(','),
        t.expiresAt ?? '',
        t.lastUsedAt ?? '',
        t.revokedAt ?? '',
      ]),
    ],
    [36, 20, 24, 24, 24, 24],
  );

const sessionTable = (sessions: readonly StoredSession[]) =>
  table(
    [
      ['ID', 'CREATED', 'EXPIRES', 'LAST SEEN', 'REVOKED', 'FROM'],
      ...sessions.map((s) => [
        s.id,
        s.createdAt,
        s.expiresAt,
        s.lastSeenAt,
        s.revokedAt ?? '',
        [s.clientIp, s.userAgent].filter(Boolean).join(' '),
      ]),
    ],
    [36, 24, 24, 24, 24, 40],
  );

export function addIdentityCommands<S extends IdentityCliServices>(
  program: Command,
  withServices: WithServices<S>,
  { out, err, stdin }: CliStreams,
): void {
  program
    .option('--as <username>', 'act as this user, authorised like the API (default: the local operator)')
    .addOption(
      new Option('--token <pvt_…>', 'act as the user of this API token, with its scopes').env('PROVENA_TOKEN'),
    );

  /** Team names by id, for printing roles; ids only when the caller may not list teams. */
  const teamNames = async (services: S): Promise<Map<string, string>> => {
    const teams: Team[] = await services.identity.listTeams(services.ctx).catch(() => []);
    return new Map(teams.map((t) => [t.id, t.name]));
  };
  /** The membership named by <role> and --team / --all-teams (admin is global: --all-teams is its default). */
  const membershipOf = async (services: S, role: Role, o: { team?: string; allTeams?: boolean }) => {
    if (o.team !== undefined && o.allTeams)
      throw new ProvenaError('VALIDATION_FAILED', 'Give --team <team> or --all-teams, not both.');
    if (o.team === undefined && !o.allTeams && role !== 'admin')
      throw new ProvenaError('VALIDATION_FAILED', `Say where ${role} applies: --team <team> or --all-teams.`);
    const teamId = o.team === undefined ? allTeams : (await services.identity.findTeam(o.team)).id;
    return { teamId, role };
  };

  const users = program.command('users').description('Accounts: create, list, show, disable, passwords, roles');

  const createAdmin = users
    .command('create-admin')
    .description(
      'Create an admin account (the first one, say): the password is asked on the terminal, or read with --password-stdin',
    )
    .argument('<username>', 'lowercase letters, digits, dots, dashes, underscores')
    .option('--display-name <name>', 'the name shown (default: the username)')
    .option('--email <address>', 'email address')
    .option('--password-stdin', 'read the password from standard input instead of asking');
  createAdmin.action(
    withServices(createAdmin, async (services) => {
      const [username] = createAdmin.args as [string];
      const o = createAdmin.opts<{ displayName?: string; email?: string; passwordStdin?: boolean }>();
      const password = await newPassword(o.passwordStdin === true, stdin, err, username);
      const user = await services.identity.createUser(services.ctx, {
        username,
        password,
        ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
        ...(o.email !== undefined ? { email: o.email } : {}),
        memberships: [{ teamId: allTeams, role: 'admin' }],
      });
      out.write(`created admin ${user.username} (${user.id}); sign in with POST /api/v1/auth/login\n`);
    }),
  );

  const setupToken = users
    .command('setup-token')
    .description('Print a one-time token that creates the first admin over the API (POST /api/v1/auth/setup)')
    .option('--json', 'print JSON: {token, expiresAt}');
  setupToken.action(
    withServices(setupToken, async (services) => {
      const setup = await services.identity.createSetupToken(services.ctx);
      out.write(
        setupToken.opts().json
          ? `${JSON.stringify(setup)}\n`
          : `${setup.token}\n(valid once, until ${setup.expiresAt}, and only while there is no admin)\n`,
      );
    }),
  );

  const create = users
    .command('create')
    .description('Create an account; without a password it signs in through OpenID Connect, or gets one later')
    .argument('<username>', 'lowercase letters, digits, dots, dashes, underscores')
    .option('--display-name <name>', 'the name shown (default: the username)')
    .option('--email <address>', 'email address')
    .option('--password', 'ask for a password on the terminal')
    .option('--password-stdin', 'read a password from standard input')
    .addOption(new Option('--role <role>', 'a role to give it (with --team or --all-teams)').choices(roles))
    .option('--team <team>', 'the team (name or id) the role applies on')
    .option('--all-teams', 'the role applies on every team')
    .option('--json', 'print JSON');
  create.action(
    withServices(create, async (services) => {
      const [username] = create.args as [string];
      const o = create.opts<{
        displayName?: string;
        email?: string;
        password?: boolean;
        passwordStdin?: boolean;
        role?: Role;
        team?: string;
        allTeams?: boolean;
        json?: boolean;
      }>();
      if (o.role === undefined && (o.team !== undefined || o.allTeams))
        throw new ProvenaError('VALIDATION_FAILED', '--team and --all-teams go with --role <role>.');
      const memberships = o.role === undefined ? [] : [await membershipOf(services, o.role, o)];
      const password =
        o.password || o.passwordStdin ? await newPassword(o.passwordStdin === true, stdin, err, username) : undefined;
      const user = await services.identity.createUser(services.ctx, {
        username,
        ...(password !== undefined ? { password } : {}),
        ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
        ...(o.email !== undefined ? { email: o.email } : {}),
        memberships,
      });
      out.write(o.json ? `${JSON.stringify(user)}\n` : describeUser(user, await teamNames(services)));
    }),
  );

  const list = users
    .command('list')
    .description('Accounts by username')
    .option('--limit <n>', 'page size (1–200)', '50')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--json', 'print one JSON object: {items, nextCursor}');
  list.action(
    withServices(list, async (services) => {
      const o = list.opts<{ limit: string; cursor?: string; json?: boolean }>();
      const limit = wholeNumberOption('--limit', o.limit, 200);
      const page = await services.identity.listUsers(services.ctx, {
        limit,
        ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
      });
      if (o.json) {
        out.write(`${JSON.stringify(page)}\n`);
        return;
      }
      const teams = await teamNames(services);
      const rows = page.items.map((u) => [
        u.username,
        u.displayName,
        u.disabled ? 'disabled' : '',
        u.memberships.map((m) => membershipText(m, teams)).join(', '),
      ]);
      out.write(`${table([['USERNAME', 'NAME', 'STATE', 'ROLES'], ...rows], [24, 24, 8, 60])}\n`);
      if (page.nextCursor)
        out.write(
          `${nextPageHint('users list', [['--limit', limit === 50 ? undefined : String(limit)]], page.nextCursor)}\n`,
        );
    }),
  );

  const show = users
    .command('show')
    .description('One account with its roles')
    .argument('<user>', 'username or id')
    .option('--json', 'print JSON');
  show.action(
    withServices(show, async (services) => {
      const user = await services.identity.getUser(services.ctx, show.args[0]!);
      out.write(show.opts().json ? `${JSON.stringify(user)}\n` : describeUser(user, await teamNames(services)));
    }),
  );

  for (const [verb, disabled, description] of [
    ['disable', true, 'Disable an account: signed out everywhere, its API tokens stop working'],
    ['enable', false, 'Enable a disabled account again'],
  ] as const) {
    const command = users.command(verb).description(description).argument('<user>', 'username or id');
    command.action(
      withServices(command, async (services) => {
        const user = await services.identity.updateUser(services.ctx, command.args[0]!, { disabled });
        out.write(`${user.username} is ${user.disabled ? 'disabled' : 'enabled'}\n`);
      }),
    );
  }

  const setPassword = users
    .command('set-password')
    .description('Set the password of an account (asked on the terminal); every session of it is signed out')
    .argument('<user>', 'username or id')
    .option('--password-stdin', 'read the password from standard input instead of asking');
  setPassword.action(
    withServices(setPassword, async (services) => {
      const [user] = setPassword.args as [string];
      const password = await newPassword(setPassword.opts().passwordStdin === true, stdin, err, user);
      await services.identity.setPassword(services.ctx, user, password);
      out.write(`password of ${user} set; its sessions are signed out\n`);
    }),
  );

  for (const [verb, description] of [
    ['grant', 'Give an account a role on a team (--team) or on every team (--all-teams; the default for admin)'],
    ['revoke', 'Take a role on a team away from an account'],
  ] as const) {
    const command = users
      .command(verb)
      .description(description)
      .argument('<user>', 'username or id')
      .addArgument(new Argument('<role>', 'the role').choices(roles))
      .option('--team <team>', 'team name or id')
      .option('--all-teams', 'every team');
    command.action(
      withServices(command, async (services) => {
        const [user, role] = command.args as [string, Role];
        const membership = await membershipOf(services, role, command.opts<{ team?: string; allTeams?: boolean }>());
        const updated = await services.identity[verb](services.ctx, user, membership);
        const teams = await teamNames(services);
        out.write(
          `${updated.username}: ${updated.memberships.map((m) => membershipText(m, teams)).join(', ') || '(no roles)'}\n`,
        );
      }),
    );
  }

  const teams = program.command('teams').description('Teams: create, list, members');
  const teamCreate = teams
    .command('create')
    .description('Create a team (a team of the same name is answered as it is)')
    .argument('<name>', 'the team name')
    .option('--json', 'print JSON');
  teamCreate.action(
    withServices(teamCreate, async (services) => {
      const team = await services.identity.createTeam(services.ctx, teamCreate.args[0]!);
      out.write(teamCreate.opts().json ? `${JSON.stringify(team)}\n` : `team ${team.name} (${team.id})\n`);
    }),
  );
  const teamList = teams.command('list').description('Every team, by name').option('--json', 'print JSON');
  teamList.action(
    withServices(teamList, async (services) => {
      const all = await services.identity.listTeams(services.ctx);
      out.write(
        teamList.opts().json
          ? `${JSON.stringify(all)}\n`
          : `${table([['NAME', 'SLUG', 'ID'], ...all.map((t) => [t.name, t.slug, t.id])], [30, 30, 36])}\n`,
      );
    }),
  );
  const members = teams
    .command('members')
    .description("A team's members and their roles there")
    .argument('<team>', 'team name or id')
    .option('--json', 'print JSON');
  members.action(
    withServices(members, async (services) => {
      const { team, members: found } = await services.identity.teamMembers(services.ctx, members.args[0]!);
      if (members.opts().json) {
        out.write(`${JSON.stringify({ team, members: found })}\n`);
        return;
      }
      const rows = found.map(({ account, membership }) => [
        account.username,
        account.displayName,
        membership.role,
        account.disabled ? 'disabled' : '',
      ]);
      out.write(`team ${team.name}\n${table([['USERNAME', 'NAME', 'ROLE', 'STATE'], ...rows], [24, 30, 12, 8])}\n`);
    }),
  );

  const tokens = program.command('tokens').description('API tokens: create (the secret is printed once), list, revoke');
  const tokenCreate = tokens
    .command('create')
    .description(
      "Create an API token; scopes narrow what the account's roles grant. The secret is printed once: keep it like a password",
    )
    .option('--name <name>', 'what the token is for (default: "cli")', 'cli')
    .addOption(
      new Option('--scope <scope...>', 'what the token may do (repeat or list; default: read)')
        .choices(tokenScopes)
        .default(['read']),
    )
    .option('--expires-in-days <n>', 'days until it expires (1–366)', '90')
    .option('--for <user>', "whose token (username or id): the operator must name one; another's needs users:manage")
    .option('--json', 'print JSON: {token, secret}');
  tokenCreate.action(
    withServices(
      tokenCreate,
      () => {
        const o = tokenCreate.opts<{
          name: string;
          scope: string[];
          expiresInDays: string;
          for?: string;
          json?: boolean;
        }>();
        return { ...o, days: wholeNumberOption('--expires-in-days', o.expiresInDays, 366) };
      },
      async (services, o) => {
        if (o.for === undefined && services.ctx.actor.kind !== 'user')
          throw new ProvenaError(
            'VALIDATION_FAILED',
            'Name the user the token is for: --for <user> (the local operator has no tokens of its own).',
          );
        const { token, secret } = await services.identity.createToken(services.ctx, {
          name: o.name,
          scopes: o.scope as ApiToken['scopes'],
          expiresInDays: o.days,
          ...(o.for !== undefined ? { forUser: o.for } : {}),
        });
        if (o.json) {
          out.write(`${JSON.stringify({ token, secret })}\n`);
          return;
        }
        out.write(`${secret}\n`);
        err.write(
          `token ${token.id} "${token.name}" (${token.scopes.join(', ')}), expires ${token.expiresAt}.\n` +
            'The secret above is shown this once: send it as "Authorization: Bearer <secret>", or PROVENA_TOKEN for the CLI.\n',
        );
      },
    ),
  );
  const tokenList = tokens
    .command('list')
    .description("Your tokens (with --as or --token), or a user's (--for)")
    .option('--for <user>', 'whose tokens (username or id)')
    .option('--json', 'print JSON');
  tokenList.action(
    withServices(tokenList, async (services) => {
      const o = tokenList.opts<{ for?: string; json?: boolean }>();
      if (o.for === undefined && services.ctx.actor.kind !== 'user')
        throw new ProvenaError('VALIDATION_FAILED', 'Name whose tokens to list: --for <user>.');
      const found = await services.identity.listTokens(services.ctx, o.for);
      out.write(o.json ? `${JSON.stringify(found)}\n` : `${tokenTable(found)}\n`);
    }),
  );
  const tokenRevoke = tokens.command('revoke').description('Revoke an API token').argument('<id>', 'token id');
  tokenRevoke.action(
    withServices(tokenRevoke, async (services) => {
      const token = await services.identity.revokeToken(services.ctx, tokenRevoke.args[0]!);
      out.write(`token ${token.id} "${token.name}" revoked at ${token.revokedAt}\n`);
    }),
  );

  const sessions = program.command('sessions').description('Browser sessions: list, sign out everywhere');
  const sessionList = sessions
    .command('list')
    .description("A user's sessions, newest first")
    .argument('<user>', 'username or id')
    .option('--json', 'print JSON');
  sessionList.action(
    withServices(sessionList, async (services) => {
      const found = await services.identity.sessionsOf(services.ctx, sessionList.args[0]!);
      // Only what the API shows: never the CSRF digest.
      const shown = found.map(({ csrfDigest: _digest, ...session }) => session);
      out.write(sessionList.opts().json ? `${JSON.stringify(shown)}\n` : `${sessionTable(found)}\n`);
    }),
  );
  const sessionRevoke = sessions
    .command('revoke')
    .description('Sign a user out everywhere')
    .argument('<user>', 'username or id');
  sessionRevoke.action(
    withServices(sessionRevoke, async (services) => {
      const revoked = await services.identity.revokeSessions(services.ctx, sessionRevoke.args[0]!);
      out.write(`${revoked} session(s) of ${sessionRevoke.args[0]!} ended\n`);
    }),
  );
}
