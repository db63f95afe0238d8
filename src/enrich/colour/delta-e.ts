/**
 * CIEDE2000 lives in the domain (src/domain/delta-e.ts) because storage finishes hex-colour filters with it;
 * re-exported here so that the colour enricher keeps its local imports.
 */
export { deltaE2000 } from '../../domain/delta-e.ts';
