/** Share links as the API shows them: the owner by label (its key stays inside); never the token or its digest. */
import type { ShareLink } from '../../domain/share-link.ts';

export const presentShareLink = ({ owner, scope, ...link }: ShareLink) => ({
  ...link,
  scope: scope.kind === 'asset' ? { kind: scope.kind, assetId: scope.assetId } : scope,
  owner: owner.label,
});
