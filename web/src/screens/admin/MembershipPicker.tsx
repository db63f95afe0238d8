/** A team (or every team) and a role, chosen together: the grant form of an account and the new-user form. */
import { useId, useState } from 'react';
import { everyTeam, roleNames, type Membership, type Role, type Team } from './admin-api.ts';

export function MembershipPicker({
  teams,
  onPick,
  actionLabel,
  disabled,
}: {
  teams: readonly Team[];
  onPick: (membership: Membership) => void;
  actionLabel: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [teamId, setTeamId] = useState(teams[0]?.id ?? everyTeam);
  const [role, setRole] = useState<Role>('viewer');
  return (
    <div className="row">
      <label htmlFor={`${id}-team`}>Team</label>
      <select id={`${id}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
        <option value={everyTeam}>Every team</option>
      </select>
      <label htmlFor={`${id}-role`}>Role</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {roleNames.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <button type="button" disabled={disabled} onClick={() => onPick({ teamId, role })}>
        {actionLabel}
      </button>
    </div>
  );
}
