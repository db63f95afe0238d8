/**
 * The command line in process: what `--help` says and what is refused before any service opens. The services are a
 * stand-in that records whether it was opened; the real ones are driven by the end-to-end tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { intendedUses, rightsStatuses } from '../domain/asset.ts';
import type { DoctorReport, MaintenanceService } from '../services/maintenance.service.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import type { CliServices } from './program.ts';

/** Runs the command line; `services` stands in for the real ones when given (otherwise opening them fails). */
async function runWith(services: Partial<CliServices> | undefined, ...args: string[]) {
  let opened = 0;
  const { out, err, thrown } = await runInProcess(args, () => {
    opened++;
    if (services) return Promise.resolve({ close: () => Promise.resolve(), ...services } as CliServices);
    return Promise.reject(new Error('services were opened'));
  });
  return { out, err, opened, thrown, exitCode: process.exitCode };
}

const run = (...args: string[]) => runWith(undefined, ...args);

afterEach(() => {
  process.exitCode = undefined;
});

describe('provena command line', () => {
  it('lists the allowed rights statuses and intended uses in `ingest --help`', async () => {
    const { out } = await run('ingest', '--help');
    const help = out.replace(/\s+/g, ' ');
    for (const value of [...rightsStatuses, ...intendedUses]) expect(help).toContain(`"${value}"`);
  });

  it('refuses a rights status outside the list, naming the allowed ones, before opening anything', async () => {
    const { err, opened, thrown } = await run('ingest', 'somewhere', '--rights-status', 'cleard');
    expect(thrown).toBeDefined();
    expect(opened).toBe(0);
    expect(err).toContain('cleard');
    for (const value of rightsStatuses) expect(err).toContain(value);
  });

  it('checks the arguments of `enrich` before loading anything', async () => {
    const bare = await run('enrich');
    expect(bare.opened).toBe(0);
    expect(bare.err).toContain('VALIDATION_FAILED');
    expect(bare.err).toContain('--all');
    expect(bare.exitCode).toBe(65);

    const unknownStep = await run('enrich', '--all', '--only', 'palette,sparkle');
    expect(unknownStep.opened).toBe(0);
    expect(unknownStep.err).toContain('sparkle');

    const idsWithoutNow = await run('enrich', '01900000-0000-7000-8000-000000000000');
    expect(idsWithoutNow.opened).toBe(0);
    expect(idsWithoutNow.err).toContain('--now');
  });

  it('checks `ingest --concurrency` before opening anything', async () => {
    const { err, opened, exitCode } = await run('ingest', 'somewhere', '--concurrency', 'lots');
    expect(opened).toBe(0);
    expect(err).toContain('--concurrency');
    expect(exitCode).toBe(65);
  });

  it('prints what `doctor` found, stale staging files included, and what --fix removed', async () => {
    const report: DoctorReport = {
      blobsChecked: 7,
      orphanBlobs: ['a'.repeat(64)],
      missingBlobs: [],
      corruptBlobs: [],
      staleStagingFiles: 2,
      removed: false,
    };
    const maintenance = (removed: boolean) =>
      ({ doctor: () => Promise.resolve({ ...report, removed }) }) as unknown as MaintenanceService;
    const found = await runWith({ maintenance: maintenance(false) }, 'doctor');
    expect(found.out).toContain('orphan blobs: 1 (run with --fix to remove)');
    expect(found.out).toContain('stale staging files: 2 (run with --fix to remove)');
    expect(found.exitCode).toBe(0);
    const fixed = await runWith({ maintenance: maintenance(true) }, 'doctor', '--fix');
    expect(fixed.out).toContain('stale staging files: 2 (removed)');
  });
});
