/** Collections and saved searches as the API shows them: the owner by label (its key stays inside). */
import type { CollectionSummary, SavedSearch } from '../../domain/collection.ts';

export const presentCollection = ({ owner, ...collection }: CollectionSummary) => ({
  ...collection,
  owner: owner.label,
});

export const presentSavedSearch = ({ owner, ...search }: SavedSearch) => ({ ...search, owner: owner.label });
