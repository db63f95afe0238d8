/** The usage decision as JSON: the instant as ISO-8601 text. */
import type { UsageDecision } from '../../domain/usage.ts';

export const presentDecision = (decision: UsageDecision) => ({ ...decision, at: decision.at.toISOString() });
