/**
 * Text in images (OCR): createTextRecogniser gives the TextRecogniser port of domain/image-content.ts over
 * tesseract.js, offline. The enrichment run's 'text' step uses it; nothing else here is needed outside this folder.
 */
export { createTextRecogniser, passRecipeVersion } from './tesseract-recogniser.ts';
export type { TextRecogniserOptions } from './tesseract-recogniser.ts';
