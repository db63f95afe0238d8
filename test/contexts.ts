/**
 * Request contexts for service tests: the local operator and the system (both above the role model), and users with
 * the memberships a test gives them.
 */
import {
  allTeams,
  operatorContext,
  systemContext,
  type Membership,
  type RequestContext,
  type Role,
  type TokenScope,
} from '../src/domain/access.ts';

export { allTeams };

/** The CLI's context: the local operator (audited as `operator:tester`). */
export const operator: RequestContext = operatorContext('tester');

/** A job's or the API's context until accounts exist (audited as `system:test`). */
export const system: RequestContext = systemContext('test');

/** A user holding `role` on each team given (`allTeams` for every team); a token's scopes narrow it when given. */
export function userContext(
  username: string,
  memberships: readonly Membership[],
  scopes?: readonly TokenScope[],
): RequestContext {
  return { actor: { kind: 'user', userId: `id-${username}`, username }, memberships, ...(scopes ? { scopes } : {}) };
}

/** One membership: `member('finance-id', 'viewer')`. */
export const member = (teamId: string, role: Role): Membership => ({ teamId, role });
