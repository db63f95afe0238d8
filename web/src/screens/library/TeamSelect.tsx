/**
 * The team a new collection or saved search is kept in: the teams where the session may manage collections (every
 * team for an administrator of all of them, read from GET /api/v1/teams). With one team, no question is asked.
 */
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';

export function useTeamChoices(): { id: string; name: string }[] {
  const session = useSession();
  const managing = session.teams.filter((t) => t.permissions.includes('collection:manage'));
  const everyTeam = managing.some((t) => t.teamId === '*');
  const all = useQuery({
    queryKey: ['teams', 'list'],
    queryFn: () => unwrap(api.GET('/api/v1/teams')),
    enabled: everyTeam,
  });
  if (everyTeam) return (all.data?.items ?? []).map((t) => ({ id: t.id, name: t.name }));
  return managing.map((t) => ({ id: t.teamId, name: t.teamName ?? t.teamId }));
}

/** A team picker, shown only when there is a choice; `value` empty means the first team. */
export function TeamSelect({
  teams,
  value,
  onChange,
}: {
  teams: { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
}) {
  const id = useId();
  if (teams.length < 2) return null;
  return (
    <>
      <label htmlFor={id}>in team</label>
      <select id={id} value={value || teams[0]!.id} onChange={(e) => onChange(e.target.value)}>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </>
  );
}

/** The team to send: the one chosen, or the first one there is (the server picks when there is none). */
export const chosenTeam = (teams: { id: string }[], value: string): { team?: string } => {
  const team = value || teams[0]?.id;
  return team ? { team } : {};
};
