/** Row shapes of the share-link tables (migration 0018), owned by share-link.repository.ts. */
import type { ColumnType } from 'kysely';
import type { Database } from './schema.ts';

export interface ShareLinkRow {
  id: string;
  token_digest: string;
  scope_kind: string;
  asset_id: string | null;
  collection_id: string | null;
  team_id: string | null;
  channel: string;
  region: string | null;
  preset: string | null;
  watermark: string | null;
  password_hash: string | null;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  owner_key: string;
  owner_label: string;
  created_at: string;
  /** bigint: the PostgreSQL driver is set to hand int8 back as a number. */
  hit_count: ColumnType<number | string, number | undefined, number>;
  last_hit_at: string | null;
}

export interface ShareLinkHitRow {
  id: string;
  link_id: string;
  at: string;
  outcome: string;
  detail: string | null;
  asset_id: string | null;
  bytes: number | string | null;
}

export interface ShareLinkTables {
  share_links: ShareLinkRow;
  share_link_hits: ShareLinkHitRow;
}

export type ShareLinkDatabase = Database & ShareLinkTables;
