/** Row shapes of the identity tables (migration 0008), owned by identity.repository.ts. */
import type { Database } from './schema.ts';

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  source: string;
  /** 0 or 1: SQLite has no booleans. */
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface MembershipRow {
  account_id: string;
  team_id: string;
  role: string;
  created_at: string;
}

export interface SessionRow {
  id: string;
  secret_digest: string;
  csrf_digest: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  user_agent: string | null;
  client_ip: string | null;
}

export interface ApiTokenRow {
  id: string;
  secret_digest: string;
  account_id: string;
  name: string;
  /** JSON list of scopes. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailureRow {
  key: string;
  failures: number;
  last_failure_at: string;
  next_attempt_at: string;
}

export interface OidcIdentityRow {
  issuer: string;
  subject: string;
  account_id: string;
  created_at: string;
}

export interface SetupTokenRow {
  secret_digest: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface IdentityDatabase extends Database {
  accounts: AccountRow;
  memberships: MembershipRow;
  sessions: SessionRow;
  api_tokens: ApiTokenRow;
  login_failures: LoginFailureRow;
  oidc_identities: OidcIdentityRow;
  setup_tokens: SetupTokenRow;
}
