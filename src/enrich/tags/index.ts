/** Concept tags from prompts and file names (compromise + curated vocabularies). */
export { conceptTaggerModel, conceptTagRulesVersion, extractConceptTags } from './concept-tags.ts';
export type { ConceptTagInput } from './concept-tags.ts';
export { fileNameText } from './file-name.ts';
export { parsePrompt } from './prompt-syntax.ts';
export type { ExtraNetwork, ParsedPrompt, WeightedSpan } from './prompt-syntax.ts';
export { loadVocabulary, normaliseKey } from './vocabulary.ts';
export type { Vocabulary, VocabularyCategory, VocabularyEntry } from './vocabulary.ts';
