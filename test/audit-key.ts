/** The audit key of stores that tests open directly (a runtime makes its own in its data directory). No vitest here: worker processes import it too. */
import { AuditKey } from '../src/domain/audit.ts';

export const testAuditKey = new AuditKey(Buffer.alloc(32, 7));
