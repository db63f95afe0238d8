/** Domain jobs → API bodies (the domain shape is already flat; the presenter keeps the two free to diverge). */
import type { Job } from '../../domain/jobs.ts';
import type { JobBodyType } from './jobs.schemas.ts';

export function presentJob(job: Job): JobBodyType {
  return { ...job, ...(job.lastError ? { lastError: { ...job.lastError } } : {}) };
}
