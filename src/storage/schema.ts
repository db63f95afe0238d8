/** Row shapes as the database holds them. They never leave src/storage/: repositories map them to domain types. */
import type { ColumnType, Generated } from 'kysely';
import type { SearchDocumentRow } from './search.schema.ts';

/** JSON is `jsonb` on PostgreSQL (the driver parses it) and `text` on SQLite (we parse it): see json.ts. */
type Json = ColumnType<unknown, string, string>;

export interface CatalogRow {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface AssetRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  quarantine_reasons: Json;
  prompt: string | null;
  tool: string | null;
  model: string | null;
  tool_version: string | null;
  intended_use: string | null;
  rights_status: string;
  requestor_id: string | null;
  team_id: string | null;
  campaign_id: string | null;
  current_version: number;
  created_at: string;
  updated_at: string;
  /** domain/row-digest.ts; NULL only on rows written before the log was keyed, until the cut-over. */
  row_digest: string | null;
  /** Migration 0009: the tier, the rule that set it (NULL: the default tier) and the policy version that decided. */
  risk_tier: ColumnType<number | null, number | null | undefined, number | null>;
  risk_rule: ColumnType<string | null, string | null | undefined, string | null>;
  risk_policy_version: ColumnType<number | null, number | null | undefined, number | null>;
  audience: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 / 0, NULL when not stated. */
  regulated: ColumnType<number | null, number | null | undefined, number | null>;
  /** Migration 0011: an editable description, and the soft delete (all three set, or none). */
  description: ColumnType<string | null, string | null | undefined, string | null>;
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
  deleted_by: ColumnType<string | null, string | null | undefined, string | null>;
  purge_after: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0010: when the status last changed (setStatus), the review queue's order. */
  status_changed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RiskPolicyRow {
  version: number;
  document: Json;
  created_at: string;
  created_by: string;
  note: string | null;
}

export interface BlobRow {
  sha256: string;
  size: number;
  media_type: string;
  created_at: string;
}

export interface AssetVersionRow {
  id: string;
  asset_id: string;
  number: number;
  blob_sha256: string;
  media_type: string;
  file_name: string;
  width: number | null;
  height: number | null;
  provenance: Json;
  created_at: string;
  created_by: string;
  row_digest: string | null;
  /** Migration 0011: the version a revert copied. */
  revert_of: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The events outbox (migration 0011). */
export interface EventRow {
  seq: number;
  type: string;
  subject_type: string;
  subject_id: string;
  actor: string;
  payload: Json;
  created_at: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before_digest: string | null;
  after_digest: string | null;
  details: Json | null;
  prev_hash: string;
  hash: string;
  /** 'sha256' (before the log was keyed) or 'hmac-sha256'. */
  hash_scheme: ColumnType<string, string | undefined, string>;
  key_id: string | null;
}

export interface AuditHeadRow {
  id: number;
  seq: number;
  hash: string;
  /** The key the log is kept with; NULL until it is keyed. */
  key_id: string | null;
}

export interface JobRow {
  id: string;
  queue: string;
  name: string;
  payload: Json;
  priority: number;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: Json | null;
  dedupe_key: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface Database {
  teams: CatalogRow;
  campaigns: CatalogRow;
  users: CatalogRow;
  assets: AssetRow;
  blobs: BlobRow;
  asset_versions: AssetVersionRow;
  audit_log: AuditRow;
  audit_head: AuditHeadRow;
  jobs: JobRow;
  events: EventRow;
  risk_policies: RiskPolicyRow;
  /** The search index (migration 0013), written by triggers only: search.schema.ts. */
  search_documents: SearchDocumentRow;
}

export type { Generated };
