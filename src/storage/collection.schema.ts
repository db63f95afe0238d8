/** Row shapes of the collection and saved-search tables (migration 0014), owned by collection.repository.ts. */
import type { Database } from './schema.ts';

export interface CollectionRow {
  id: string;
  name: string;
  name_key: string;
  description: string | null;
  team_id: string;
  visibility: string;
  owner_key: string;
  owner_label: string;
  created_at: string;
  updated_at: string;
}

export interface CollectionMemberRow {
  collection_id: string;
  asset_id: string;
  /** bigint: PostgreSQL hands it back as a string. */
  position: number | string;
  added_at: string;
  added_by: string;
}

export interface SavedSearchRow {
  id: string;
  name: string;
  name_key: string;
  query: string;
  team_id: string;
  visibility: string;
  owner_key: string;
  owner_label: string;
  created_at: string;
  updated_at: string;
}

export interface CollectionTables {
  collections: CollectionRow;
  collection_members: CollectionMemberRow;
  saved_searches: SavedSearchRow;
}

export type CollectionDatabase = Database & CollectionTables;
