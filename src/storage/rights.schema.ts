/** Row shapes of the rights tables (migration 0016), owned by rights.repository.ts. */
import type { Database } from './schema.ts';

export interface AssetRightsRow {
  asset_id: string;
  revision: number;
  version_number: number;
  /** The record's status, beside the JSON, for reports that count by it. */
  status: string;
  /** The RightsRecord as JSON text (both dialects). */
  record: string;
  set_at: string;
  set_by: string;
}

export interface ChannelRow {
  name: string;
  added_at: string;
  added_by: string;
}

export interface RightsTables {
  asset_rights: AssetRightsRow;
  channels: ChannelRow;
}

export type RightsDatabase = Database & RightsTables;
