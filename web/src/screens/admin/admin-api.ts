/**
 * The admin area's calls, types and query keys: accounts, teams, memberships, the risk policy and the job queue.
 * Writes invalidate by prefix (['admin', 'users'] after any change to an account).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../../api/client.ts';

export type User = paths['/api/v1/users/{user}']['get']['responses']['200']['content']['application/json'];
export type Membership = User['memberships'][number];
export type Role = Membership['role'];
export type Team = paths['/api/v1/teams']['get']['responses']['200']['content']['application/json']['items'][number];
export type Session =
  paths['/api/v1/users/{user}/sessions']['get']['responses']['200']['content']['application/json']['items'][number];

/** The role names in the order the API lists them (its enum); what each may do comes from GET /api/v1/roles. */
export const roleNames: Role[] = [
  'admin',
  'creator',
  'reviewer',
  'brand',
  'legal',
  'compliance',
  'publisher',
  'viewer',
];

/** The team id of a membership on every team. */
export const everyTeam = '*';

export const adminKeys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', id] as const,
  sessions: (id: string) => ['admin', 'users', id, 'sessions'] as const,
  teams: ['admin', 'teams'] as const,
  members: (teamId: string) => ['admin', 'teams', teamId, 'members'] as const,
};

export const teamsQuery = queryOptions({
  queryKey: adminKeys.teams,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/teams', { signal })),
});

/** A team's name from the list (the id when it is not there); `*` is every team. */
export function teamName(teams: readonly Team[] | undefined, teamId: string): string {
  if (teamId === everyTeam) return 'Every team';
  return teams?.find((t) => t.id === teamId)?.name ?? teamId;
}
