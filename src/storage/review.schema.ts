/** Row shapes of the review tables (migration 0010), owned by review.repository.ts. */
import type { Database } from './schema.ts';

export interface SignOffRow {
  id: string;
  asset_id: string;
  version_number: number;
  role: string;
  decision: string;
  reason: string | null;
  reviewer_id: string;
  reviewer_username: string;
  at: string;
}

export interface ReviewClaimRow {
  asset_id: string;
  claimant_id: string;
  claimant_username: string;
  claimed_at: string;
  expires_at: string;
}

export interface ReviewCommentRow {
  id: string;
  asset_id: string;
  version_number: number;
  author_id: string | null;
  author: string;
  body: string;
  region_x: number | null;
  region_y: number | null;
  region_w: number | null;
  region_h: number | null;
  created_at: string;
}

export interface ReviewTables {
  sign_offs: SignOffRow;
  review_claims: ReviewClaimRow;
  review_comments: ReviewCommentRow;
}

export type ReviewDatabase = Database & ReviewTables;
