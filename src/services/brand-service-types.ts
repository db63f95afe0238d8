/** What the two brand services share (decision 0022): the store they use, the re-check job's request, the pictures port. */
import type { DetailImage, LogoMatcher, ReferenceImage } from '../domain/image-content.ts';
import type { WorkflowRepositories } from './workflow.service.ts';

export type BrandRepositories = 'brand' | WorkflowRepositories;

/** One batch of the re-check a new guideline version queued (`brand.recheck`). */
export interface BrandRecheckRequest {
  brandId: string;
  guidelineVersion: number;
  /** The last asset id of the previous batch (keyset); absent: from the start. */
  after?: string;
}

/** What logo matching needs, wired in main/runtime.ts over src/enrich/logo/. */
export interface BrandPictures {
  /** The stored picture at the size the matcher reads (a missing or damaged file throws). */
  picture(sha256: string): Promise<DetailImage>;
  /** A reference logo from its file's bytes; a file that is not an image is UNSUPPORTED_MEDIA_TYPE. */
  reference(bytes: Uint8Array): Promise<ReferenceImage>;
  matcher(): Promise<LogoMatcher>;
}
